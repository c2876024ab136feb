// NetEase Mail (163.com, 126.com, yeah.net): the codes of NetEase's "退信代码说明" (explanation of
// bounce codes), as reposted on a blog (NetEase's own help page was not available here). The list
// gives each reply code with NetEase's label run together ("421HL:REP"); the texts here separate
// them, as the servers send them. Only the temporary codes survive in the copy.
import type { DocumentedReply } from './types.js';

const codes = 'https://biecuoliao.com/pa/MBRrwEM.html';

export const netease: DocumentedReply[] = [
  // The IP sends to many recipients that do not exist: connections temporarily refused.
  { text: '421 HL:REP', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  // Too many concurrent connections from the IP.
  { text: '421 HL:ICC', at: 'CONN', reason: 'toomanyconn', hard: false, source: codes },
  // Too many messages from the IP in a short time.
  { text: '421 HL:IFC', at: 'CONN', reason: 'speeding', hard: false, source: codes },
  // Many forged sender domains from the IP.
  { text: '421 HL:MEP', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  // Too many erroneous commands from the sender.
  { text: '450 MI:CEL', reason: 'syntaxerror', hard: false, source: codes },
  // Too many messages, or recipients, in one connection.
  { text: '450 MI:DMC', reason: 'toomanyconn', hard: false, source: codes },
  { text: '450 RP:DRC', at: 'RCPT', reason: 'toomanyconn', hard: false, source: codes },
  // The sending IP is on one or more block lists.
  { text: '450 DT:RBL', reason: 'blocked', hard: false, source: codes },
  // The IP is not in NetEase's list of allowed sending addresses.
  { text: '450 WM:BLI', reason: 'blocked', hard: false, source: codes },
  // Spam characteristics in the body, or a sending environment short of the norms: refused for now.
  { text: '451 DT:SPM ,please try again', at: 'DATA', reason: 'spamdetected', hard: false, source: codes },
];
