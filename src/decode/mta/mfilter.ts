// m-FILTER (a Japanese mail gateway, "X-Mailer: m-FILTER"): a notice in Japanese, then the
// remote server's reply and the SMTP command it answered under fixed dashed labels.
//
//   (Japanese: this mail was sent automatically by m-FILTER ... sending to these addresses failed)
//   kijitora@example.jp
//
//   -------server message
//   550 unknown user <kijitora@example.jp>
//
//   -------SMTP command
//   DATA
//
//   -------original message
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const ADDRESS = /^\s{0,8}<?([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;

export const mfilter: Decoder = {
  name: 'mfilter',
  decode(mail: Mail): Failure[] {
    if ((mail.header('x-mailer') ?? '').trim().toLowerCase() !== 'm-filter') return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const server = lower.indexOf('-------server message');
    if (server === -1) return [];
    const addresses = text.slice(0, server).split('\n').map((l) => ADDRESS.exec(l.slice(0, 600))?.[1]).filter((a): a is string => Boolean(a));
    const block = (label: string): string => {
      const at = lower.indexOf(`-------${label}`);
      if (at === -1) return '';
      const rest = text.slice(text.indexOf('\n', at) + 1);
      const next = rest.search(/\n-{7}\S/);
      return (next === -1 ? rest.slice(0, 2000) : rest.slice(0, next)).replace(/\s+/g, ' ').trim();
    };
    const diagnostic = block('server message').slice(0, 1000);
    const command = /^(rcpt|mail|data|ehlo|helo)\b/i.exec(block('smtp command'))?.[1].toUpperCase();
    const status = findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    return addresses.map((a) => ({
      address: normalAddress(a), action: 'failed' as const, decodedBy: 'mfilter', diagnostic,
      ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      ...(command ? { command: command === 'HELO' ? 'EHLO' : command } : {}),
    }));
  },
};
