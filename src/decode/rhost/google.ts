// Gmail / Google Workspace as the REMOTE server (replies ending "- gsmtp", links to
// support.google.com, hosts *.google.com). Google's refusals are fixed sentences, folded over
// several reply lines that each repeat the code:
//
//   550-5.7.26 The MAIL FROM domain [example.com] has an SPF record with a
//   550-5.7.26 hard fail policy (-all) but it fails to pass SPF checks with the ip: ...
//
// so the repeated "550-5.7.26 " is taken out (classify/reply.ts) before the sentences are looked for. Only refusals
// that say nothing bad about the address are listed; a missing mailbox is left to the rules, and so is
// an address Google calls "not a valid RFC 5321 address" (5.1.3 the recipient's, 5.1.7 the sender's:
// the status says whose). Each reason is the one Google's page gives the sentence
// (support.google.com/a/answer/3726730; src/classify/replies/gmail.ts).
import type { Failure, Reason } from '../../core/types.js';
import { foldReply } from '../../classify/reply.js';
import { remoteHost, type ReplyTable } from './table.js';

const WORDS: Array<[Reason, string[]]> = [
  ['authfailure', ['the spf record of the sending domain', 'senders to authenticate with either spf or dkim', 'fails to pass spf checks for an spf record with a hard fail',
    'has an spf record with a hard fail policy', "is not accepted due to domain's dmarc policy", 'fails to pass authentication checks', 'senders to authenticate with spf',
    'senders to authenticate their email with spf', 'senders to authenticate their email with dkim', 'senders to authenticate with dkim', 'aligned with either the authenticated spf or dkim']],
  ['badreputation', ['very low reputation of the sending']],
  ['blocked', ['ip not in whitelist for rcpt domain', 'try again later, closing connection.', 'helo/ehlo argument is invalid',
    'an unusual rate of unsolicited mail', 'an unusual rate of mail', 'is not authorized to send email directly to our servers']],
  ['contenterror', ['contains a unicode character in a disallowed header']],
  ['mesgtoobig', ["exceeded google's message size limits", "exceeds google's message size limit of"]],
  ['exceedlimit', ["exceeds google's limit of", "exceeded google's message header size limits", 'bytes per individual header size', "exceeds google's header name limit of", "exceeds google's message header size limit"]],
  ['networkerror', ['connection expired', 'timeout - closing connection']],
  ['failedstarttls', ['must issue a starttls command first', 'tls required for rcpt domain', 'senders to use tls/ssl for smtp']],
  ['mailboxfull', ['inbox is out of storage space', 'is over quota', 'email quota exceeded']],
  ['networkerror', ['message exceeded 50 hops']],
  // Google's SMTP relay service refusing our own account, before the relay words it comes with.
  ['rejected', ['sending email account has been temporarily suspended', 'mail sending denied']],
  ['norelaying', ['mail relay denied', 'invalid credentials for relay']],
  ['notcompliantrfc', ['missing a valid address in the from: header', 'multiple addresses in from: header are not accepted', 'is not rfc 5322 compliant', 'missing a valid message-id: header',
    'encoded-word syntax is not permitted', 'mail message is malformed']],
  ['policyviolation', ['illegal attachment on your message', 'blocked because its content presents a potential security issue', 'has a policy that prohibited', 'sending messages with the same message-id']],
  ['authfailure', ['unauthenticated email is not accepted']],
  ['requireptr', ['does not have a ptr record', 'have a ptr record, or the ptr record', 'does not meet ipv6 sending guidelines regarding ptr records', 'does not match the ip address of the hostname']],
  ['securityerror', ['too many login attempts', 'no identity changes permitted', 'too many unauthenticated commands', 'authentication required.', 'application-specific password required', 'please log in with your web browser',
    'please log in through your web browser', 'username and password not accepted']],
  ['spamdetected', ['due to the nature of the content or the links within', 'likely unsolicited mail']],
  ['speeding', ['is receiving mail too quickly', 'peak smtp relay limit exceeded', 'rate that prevents additional messages from being delivered', 'daily sending quota exceeded',
    'daily user sending limit exceeded', 'daily smtp relay limit exceeded', 'daily smtp relay sending limit exceeded', 'this mail has been rate limited']],
  ['suspend', ['account that you tried to reach is disabled', 'account that you tried to reach is inactive']],
  ['syntaxerror', ['smtp protocol violation', 'bad sequence of commands', 'unrecognized command', 'starttls may not be repeated', 'empty helo/ehlo argument not allowed']],
  ['systemerror', ['temporary system problem', 'server busy', 'multiple destination domains per transaction is unsupported', 'mail server has temporarily rejected this message',
    'mail server temporarily rejected message']],
  ['toomanyconn', ['domain policy size per transaction exceeded']],
];

/** The reason Google's reply names, when the reply is Google's, or undefined. */
function googleReason(f: Failure): Reason | undefined {
  const raw = (f.diagnostic ?? '').toLowerCase();
  const host = remoteHost(f);
  const ours = raw.includes('gsmtp') || raw.includes('support.google.com') || /(?:^|\.)(?:google\.com|googlemail\.com)\.?$/.test(host);
  if (!ours) return undefined;
  const text = foldReply(raw.slice(0, 4000)).replace(/\s+/g, ' ');
  return WORDS.find(([, ws]) => ws.some((w) => text.includes(w)))?.[0];
}

export const google: ReplyTable = { name: 'google', decoder: 'google', reasonOf: googleReason };
