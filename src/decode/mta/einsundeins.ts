// 1&1 / IONOS (mailer-daemon@kundenserver.de, @1und1.de, @online.de, @ionos.*): the same mail
// platform as GMX, the same notice (see gmx.ts):
//
//   xxxx@example.fr:
//   SMTP error from remote server for TEXT command, host: smtp-in.example.fr (192.0.2.65) reason: 550 5.2.0 Mail rejected.
//
// or its own refusal:
//   general@example.eu
//
//   For the following reason:
//
//   Mail size limit exceeded. For explanation visit http://postmaster.1and1.com/en/error-messages
import type { Failure } from '../../core/types.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { decodeNemesis } from './gmx.js';

export const einsundeins: Decoder = {
  name: 'einsundeins',
  decode(mail: Mail): Failure[] {
    const known = /^mailer-daemon@(?:[a-z0-9-]+\.)*(?:kundenserver\.de|1und1\.de|1and1\.[a-z.]{2,6}|online\.de|ionos\.[a-z.]{2,6})$/.test(mail.from);
    // The platform stamps X-UI-Out-Filterresults on what it sends, whatever the From domain.
    if (!known && mail.header('x-ui-out-filterresults') === undefined) return [];
    return decodeNemesis(mail, 'einsundeins');
  },
};
