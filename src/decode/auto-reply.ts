// Automatic replies (RFC 3834 and the many older conventions). Checked only AFTER looking for a
// report: real bounces carry Auto-Submitted too. The auto-reply's sender is listed with reason
// "vacation": not a failure, never hard.
import type { Failure } from '../core/types.js';
import type { Mail } from './mail.js';

// Subject beginnings that vacation programs and mail clients write, in many languages.
// Lower-case; compared with the start of the subject (after "Re:"-style prefixes are kept).
const SUBJECTS = [
  'auto:', 'auto reply', 'autoreply', 'auto-reply', 'automatic reply', 'automatische antwort', 'out of office', 'out of the office',
  'vacation', 'on vacation', 'away from', 'abwesenheitsnotiz', 'abwesend', 'réponse automatique', 'reponse automatique',
  'respuesta automática', 'respuesta automatica', 'fuera de la oficina', 'risposta automatica', 'fuori sede',
  'resposta automática', 'resposta automatica', 'automatisch antwoord', 'afwezig', 'autosvar', 'automatisk svar',
  'automaattinen vastaus', 'odpowiedź automatyczna', 'automatická odpověď', 'автоответ', 'автоматический ответ',
  '自動応答', '自動返信', '不在', '자동 응답', '自动回复', 'otomatik yanıt', 'αυτόματη απάντηση',
];
// Senders that write bounces, not vacations.
const SYSTEM_SENDERS = ['mailer-daemon', 'postmaster', 'mail-daemon', 'maildaemon', 'mail delivery'];

export function isAutoReply(mail: Mail): boolean {
  // The raw From too: "From: mailer-daemon" has no domain, so no address to look at.
  const from = (mail.header('from') ?? '').toLowerCase();
  if (SYSTEM_SENDERS.some((s) => from.includes(s))) return false;
  const auto = (mail.header('auto-submitted') ?? '').trim().toLowerCase();
  if (auto.startsWith('auto-replied')) return true;
  if (mail.header('x-autoreply') !== undefined || mail.header('x-autorespond') !== undefined || mail.header('x-autoresponder') !== undefined) return true;
  const precedence = (mail.header('precedence') ?? '').trim().toLowerCase();
  if (precedence === 'auto_reply') return true;
  const subject = mail.subject.trim().toLowerCase();
  return SUBJECTS.some((s) => subject.startsWith(s) || subject.includes(`: ${s}`) || subject.includes(`[${s}`));
}

export function decodeAutoReply(mail: Mail): Failure[] {
  const address = mail.from;
  if (!address) return [];
  return [{ address, action: 'delivered', reason: 'vacation', diagnostic: mail.subject.slice(0, 200), decodedBy: 'auto-reply' }];
}
