// Which SMTP command a failure answered. It matters for the reason: "User unknown" in reply to
// RCPT TO is a dead mailbox; the same words after DATA come from a content filter.
// Markers are fixed phrases that mail systems write, compared as lower-case substrings; the one
// that appears LAST before the error wins (a transcript shows the commands in order).

const MARKERS: Array<[string, string]> = [
  // Postfix: "(in reply to RCPT TO command)", "(in reply to end of DATA command)"
  ['in reply to rcpt to command', 'RCPT'], ['in reply to mail from command', 'MAIL'],
  ['in reply to end of data command', 'DATA'], ['in reply to data command', 'DATA'],
  ['in reply to helo command', 'EHLO'], ['in reply to ehlo command', 'EHLO'],
  ['while receiving the initial server greeting', 'CONN'], ['in reply to message body', 'DATA'],
  // Postfix, for a server that refused the greeting: "host mx.example.com[192.0.2.1] refused to talk to me: 554 ..."
  ['refused to talk to me', 'CONN'],
  // Exim: "SMTP error from remote mail server after RCPT TO:<...>:", "after end of data:"
  ['after rcpt to:', 'RCPT'], ['after mail from:', 'MAIL'], ['after end of data', 'DATA'], ['after data', 'DATA'],
  ['after ehlo', 'EHLO'], ['after helo', 'EHLO'], ['after initial connection', 'CONN'], ['after pipelined rcpt to', 'RCPT'],
  // Sendmail / MessagingServer / mFILTER transcripts: ">>> RCPT To:<...>" then "<<< 550 ..."
  ['>>> rcpt to', 'RCPT'], ['>>> mail from', 'MAIL'], ['>>> data', 'DATA'], ['>>> ehlo', 'EHLO'], ['>>> helo', 'EHLO'],
  ['smtp command: rcpt', 'RCPT'], ['smtp command: data', 'DATA'], ['smtp command: mail', 'MAIL'],
  ['command: rcpt to', 'RCPT'], ['command: data', 'DATA'],
  // "SMTP error from remote server after RCPT command", "SMTP:RCPT host 192.0.2.1: 553 ...", "User Unknown [RCPT_TO]"
  ['after rcpt command', 'RCPT'], ['following rcpt command', 'RCPT'], ['following data command', 'DATA'], ['after data command', 'DATA'], ['after mail command', 'MAIL'],
  ['smtp:rcpt', 'RCPT'], ['smtp:data', 'DATA'], ['smtp:mail', 'MAIL'], ['[rcpt_to]', 'RCPT'], ['[data]', 'DATA'],
  // GMX / 1&1 (the Nemesis platform): "SMTP error from remote server for RCPT TO command, host: ...",
  // "SMTP error from remote server for TEXT command, host: ... reason: 550 5.2.0 Mail rejected."
  // (TEXT is the message text: the answer at the end of DATA).
  ['for rcpt to command', 'RCPT'], ['for rcpt command', 'RCPT'], ['for mail from command', 'MAIL'], ['for mail command', 'MAIL'],
  ['for text command', 'DATA'], ['after text command', 'DATA'], ['for data command', 'DATA'],
  // Postfix, when the connection failed mid-command: "lost connection with x while sending RCPT TO",
  // "conversation with x timed out while sending end of data -- message may be sent more than once"
  ['while sending rcpt to', 'RCPT'], ['while sending mail from', 'MAIL'], ['while sending end of data', 'DATA'],
  ['while sending message body', 'DATA'], ['while sending data command', 'DATA'],
  // Postfix's other commands: "(in reply to STARTTLS command)", LMTP's "(in reply to LHLO command)",
  // CHUNKING's "(in reply to BDAT command)" / Exim's "after pipelined end of data", "after BDAT"
  ['in reply to starttls command', 'EHLO'], ['in reply to lhlo command', 'EHLO'], ['in reply to bdat command', 'DATA'],
  ['after pipelined mail from', 'MAIL'], ['after pipelined data', 'DATA'], ['after pipelined end of data', 'DATA'],
  ['after bdat', 'DATA'], ['after pipelined bdat', 'DATA'], ['after starttls', 'EHLO'],
  // The same said without "TO"/"FROM", or "in response to": "(in reply to RCPT command)",
  // "550 5.1.1 ... in response to RCPT TO command", "after RCPT TO command"
  ['in reply to rcpt command', 'RCPT'], ['in reply to mail command', 'MAIL'],
  ['in response to rcpt to', 'RCPT'], ['in response to rcpt command', 'RCPT'], ['in response to mail from', 'MAIL'],
  ['in response to data', 'DATA'], ['in response to end of data', 'DATA'],
  ['after rcpt to command', 'RCPT'], ['after mail from command', 'MAIL'],
  // qmail: "did not like recipient", "most progress was RCPT TO response"
  ['does not like recipient', 'RCPT'], ['most progress was rcpt to response', 'RCPT'], ['did not like our rcpt to', 'RCPT'],
  ['sender was rejected', 'MAIL'], ['my name was rejected', 'EHLO'], ['failed after i sent the message', 'DATA'],
  ['did not like our mail from', 'MAIL'], ['did not like our data', 'DATA'],
  // Yahoo answers each recipient with "554 delivery error: dd This user doesn't have a yahoo.com
  // account": its per-recipient verdict, even when a client sees it after DATA.
  ['delivery error: dd ', 'RCPT'],
  // Sendmail's local mailer: "mail.local: unknown user: neko" is the final host's own answer.
  ['mail.local: ', 'LOCAL'],
];

// Each marker holds one of these words; a marker whose word is not in the text cannot be there,
// so it is not searched for (a few word tests instead of ninety searches of the whole text). The
// rarer words come first, so a marker is filed under the word least likely to be in any text.
const KEYS = ['greeting', 'talk', 'connection', 'starttls', 'lhlo', 'bdat', 'helo', 'ehlo', 'dd ', 'rejected', 'recipient', 'text', 'rcpt', 'data', 'mail', 'message'];
const KEY_OF = MARKERS.map(([marker]) => KEYS.findIndex((k) => marker.includes(k))); // -1: always searched

/** The SMTP command named in the text, or undefined. */
export function findCommand(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const lower = text.slice(0, 8192).toLowerCase().replace(/\s+/g, ' '); // markers are folded across lines
  const present = KEYS.map((k) => lower.includes(k));
  let best: string | undefined;
  let at = -1;
  for (let m = 0; m < MARKERS.length; m++) {
    if (KEY_OF[m] !== -1 && !present[KEY_OF[m]]) continue;
    const [marker, command] = MARKERS[m];
    const i = lower.lastIndexOf(marker);
    if (i > at) { at = i; best = command; }
  }
  return best;
}
