// PowerMTA: a standard DSN whose per-recipient "X-PowerMTA-BounceCategory" is PowerMTA's own
// reading of the reply (its bounce-category patterns), more telling than a vague Status:
//
//   Final-Recipient: rfc822;kijitora@example.com
//   Action: failed
//   Status: 5.0.0 (undefined status)
//   Diagnostic-Code: smtp;554 delivery error: dd This user doesn't have a example.com account
//   X-PowerMTA-BounceCategory: bad-mailbox
import type { Failure, Reason } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const CATEGORIES: Record<string, Reason> = {
  'bad-domain': 'hostunknown',
  'bad-mailbox': 'userunknown',
  'inactive-mailbox': 'suspend',
  'message-expired': 'expired',
  'no-answer-from-host': 'networkerror',
  'policy-related': 'policyviolation',
  'quota-issues': 'mailboxfull',
  'routing-errors': 'systemerror',
  'spam-related': 'spamdetected',
};

export const powermta: Decoder = {
  name: 'powermta',
  decode(mail: Mail): Failure[] {
    const dsn = mail.dsn;
    if (!dsn || !Object.keys(dsn.fields).some((k) => k.startsWith('x-powermta-'))) return [];
    const out: Failure[] = [];
    for (const r of dsn.recipients) {
      const [f] = dsnFailures({ fields: {}, recipients: [r] }, 'powermta');
      if (!f) continue;
      const category = (r.fields['x-powermta-bouncecategory'] ?? '').trim().toLowerCase();
      const reason = f.action === 'failed' ? CATEGORIES[category] : undefined;
      out.push(reason ? { ...f, reason } : f);
    }
    return out;
  },
};
