// T-Online (Deutsche Telekom) as the REMOTE server: it refuses hosts it does not know or trust at
// the greeting, "554 IP=192.0.2.25 - A problem occurred. (Ask your postmaster for help or to
// contact tosa@rx.t-online.de to clarify.) (BL)", the closing code in parentheses saying why
// (senders quote them: github.com/mailcow/mailcow-dockerized/issues/2532; help.creoline.com):
//   (BL)   the sending IP is blocked
//   (DIAL) a dial-up or dynamic address ("Dialup/transient IP not allowed")
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [['(bl)', 'blocked'], ['(dial)', 'blocked']];

export const tonline = wordTable('tonline', { says: /\bip=\d{1,3}(?:\.\d{1,3}){3} - |rx\.t-online\.de/, hosts: /(?:^|\.)t-online\.de\.?$/ }, WORDS);
