// A decoder for a standard DSN whose remote server has its own reply codes: the DSN reader's
// recipients, with the reason that server's table names. "Not mine" ([]) unless at least one
// failed recipient's reply is one the table knows, so ordinary DSNs pass on untouched.
import type { Failure, Reason } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { foldReply } from '../../classify/reply.js';

export function remoteHostDecoder(name: string, reasonOf: (f: Failure) => Reason | undefined): Decoder {
  return {
    name,
    decode(mail: Mail): Failure[] {
      if (!mail.dsn) return [];
      const found = dsnFailures(mail.dsn, name);
      let known = false;
      const out = found.map((f) => {
        // The table reads a folded multi-line reply as one sentence (classify/reply.ts).
        const reason = f.action === 'failed' || f.action === 'delayed' ? reasonOf(f.diagnostic ? { ...f, diagnostic: foldReply(f.diagnostic) } : f) : undefined;
        if (reason) known = true;
        return reason ? { ...f, reason } : f;
      });
      return known ? out : [];
    },
  };
}
