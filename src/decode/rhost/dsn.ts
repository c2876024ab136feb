// A standard DSN whose remote server has its own reply codes, read with that server's table: the
// DSN reader's recipients, with the reason the table names. "Not mine" ([]) unless at least one
// failed or delayed recipient's reply is one the table knows, so ordinary DSNs pass on untouched.
import type { Failure } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { REPLY_TABLES, folded } from './index.js';
import type { ReplyTable } from './table.js';

function remoteHostDecoder(name: string, table: ReplyTable): Decoder {
  return {
    name,
    decode(mail: Mail): Failure[] {
      if (!mail.dsn) return [];
      const found = dsnFailures(mail.dsn, name);
      let known = false;
      const out = found.map((f) => {
        const reason = f.action === 'failed' || f.action === 'delayed' ? table.reasonOf(folded(f)) : undefined;
        if (reason) known = true;
        return reason ? { ...f, reason } : f;
      });
      return known ? out : [];
    },
  };
}

/** One DSN decoder per table that names one, in the tables' order. */
export const REMOTE_HOST_DECODERS: readonly Decoder[] = REPLY_TABLES.flatMap((t) => (t.decoder ? [remoteHostDecoder(t.decoder, t)] : []));
