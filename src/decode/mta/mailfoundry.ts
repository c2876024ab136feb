// MailFoundry (a mail gateway appliance): one recipient per notice.
//
//   Unable to deliver message to: <kijitora@example.jp>
//   Delivery failed for the following reason:
//   Server mx.example.jp[192.0.2.1] failed with: 550 <kijitora@example.jp> No such user here
//
//   This has been a permanent failure.  No further delivery attempts will be made.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const TO = /^unable to deliver message to: <([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>/im;

export const mailfoundry: Decoder = {
  name: 'mailfoundry',
  decode(mail: Mail): Failure[] {
    if (!mail.subject.toLowerCase().startsWith('message delivery has failed')) return [];
    const text = mail.text;
    const to = TO.exec(text.slice(0, 8192));
    if (!to) return [];
    const lower = text.toLowerCase();
    const why = lower.indexOf('delivery failed for the following reason:', to.index);
    if (why === -1) return [];
    const para = text.slice(why + 41).replace(/^\s+/, '').split(/\n[ \t]*\n/, 1)[0];
    // The remote reply follows "failed with:"; the "Server host[ip]" before it is not its words.
    const at = para.toLowerCase().indexOf('failed with:');
    const diagnostic = (at === -1 ? para : para.slice(at + 12)).replace(/\s+/g, ' ').trim().slice(0, 1000);
    const status = findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    const permanent = lower.includes('this has been a permanent failure');
    return [{
      address: normalAddress(to[1]), action: permanent || !replyCode?.startsWith('4') ? 'failed' : 'delayed', decodedBy: 'mailfoundry', diagnostic,
      ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
    }];
  },
};
