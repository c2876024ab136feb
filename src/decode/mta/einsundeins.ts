// 1&1 / IONOS (mailer-daemon@kundenserver.de, @1und1.de, @online.de, @ionos.*): the same mail
// platform as GMX, the same notice (see gmx.ts):
//
//   xxxx@example.fr:
//   SMTP error from remote server for TEXT command, host: smtp-in.example.fr (192.0.2.65) reason: 550 5.2.0 Mail rejected.
import type { Failure } from '../../core/types.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { decodeNemesis } from './gmx.js';

export const einsundeins: Decoder = {
  name: 'einsundeins',
  decode(mail: Mail): Failure[] {
    if (!/^mailer-daemon@(?:[a-z0-9-]+\.)*(?:kundenserver\.de|1und1\.de|1and1\.[a-z.]{2,6}|online\.de|ionos\.[a-z.]{2,6})$/.test(mail.from)) return [];
    return decodeNemesis(mail, 'einsundeins');
  },
};
