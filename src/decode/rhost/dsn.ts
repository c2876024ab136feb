// A standard DSN whose remote servers have their own reply codes, read with those servers' tables:
// the DSN reader's recipients, each with the reason the first table that knows its reply names
// (the table sees the stage the notice's words name, as the classifier would), and that table's
// name as the decoder. One DSN can carry the replies of several receivers, each read by its own
// table. "Not mine" ([]) unless at least one failed or delayed recipient's reply is one a table
// knows, so ordinary DSNs pass on untouched.
import type { Failure } from '../../core/types.js';
import { withContext } from '../context.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { REPLY_TABLES, folded } from './index.js';

const TABLES = REPLY_TABLES.filter((t) => t.decoder);

export const REMOTE_HOST_DECODER: Decoder = {
  name: 'remote-host',
  decode(mail: Mail): Failure[] {
    if (!mail.dsn) return [];
    let known = false;
    const out = dsnFailures(mail.dsn, 'dsn').map((f) => {
      if (f.action !== 'failed' && f.action !== 'delayed') return f;
      const read = withContext(mail, folded(f));
      for (const table of TABLES) {
        const reason = table.reasonOf(read);
        if (!reason) continue;
        known = true;
        return { ...f, reason, decodedBy: table.decoder! };
      }
      return f;
    });
    return known ? out : [];
  },
};
