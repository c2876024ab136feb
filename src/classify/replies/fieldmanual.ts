// The SMTP Field Manual (smtpfieldmanual.com, Postmark/ActiveCampaign): replies seen from each
// provider and spam filter, with notes. Its data files, at the versions read, for the tables that
// cite replies which its provider pages no longer show.
const FM = 'https://github.com/ActiveCampaign/smtp-field-manual/blob/';

export const fieldManual = {
  code421: `${FM}0b9ecacd4e7943822bf6ce0926a79c1cbac0e833/data/codes/421.json`,
  code450: `${FM}18308e080ad04db3d1d6f018523225e50a42f5fe/data/codes/450.json`,
  code451: `${FM}2005cfe1ba5f6faaaabc6f231c6efe134622c17c/data/codes/451.json`,
  code550: `${FM}00ebd61f178f657a595ca52d48603c7a1b143c5e/data/codes/550.json`,
  /** An earlier version of the 550 file, with the whole Mail.ru and Yandex replies. */
  code550early: `${FM}8aaa96dd9a49a4dfd2394d63966653f2e1b9ee7e/data/codes/550.json`,
  code554: `${FM}100935cc92025a5162ceff2830c3fe6e0d32b56f/data/codes/554.json`,
} as const;
