// NetEase Mail (163.com, 126.com, yeah.net) as the REMOTE server: its replies carry NetEase's own
// codes ("421 HL:REP", "451 DT:SPM ,please try again"), which its list of bounce codes explains
// (a repost of NetEase's "退信代码说明", biecuoliao.com/pa/MBRrwEM.html). Only codes the list explains.
import type { Reason } from '../../core/types.js';
import { codeTable } from './table.js';

const CODES: Record<string, Reason> = {
  'hl:rep': 'blocked',        // the IP sends to many recipients that do not exist: refused for now
  'hl:icc': 'toomanyconn',    // too many concurrent connections from the IP
  'hl:ifc': 'speeding',       // too many messages from the IP in a short time
  'hl:mep': 'blocked',        // many forged sender domains from the IP
  'mi:cel': 'syntaxerror',    // too many erroneous commands from the sender
  'mi:dmc': 'toomanyconn',    // too many messages or recipients in one connection
  'rp:drc': 'toomanyconn',
  'dt:rbl': 'blocked',        // the sending IP is on block lists
  'wm:bli': 'blocked',        // the IP is not on NetEase's list of allowed senders
  'dt:spm': 'spamdetected',   // spam characteristics in the body
};

export const netease = codeTable('netease', new RegExp(`(?:^|[\\s(])(${Object.keys(CODES).join('|')})(?![a-z])`), CODES);
