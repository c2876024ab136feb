// Every receiving system's documented replies (one file per system in this folder), and the
// split that keeps a third of them back: the classifier's rules are written from the "train"
// part and scored on the "holdout" part before that part is used.
import { createHash } from 'node:crypto';
import type { DocumentedReply } from './types.js';
import { aol } from './aol.js';
import { au } from './au.js';
import { barracuda } from './barracuda.js';
import { cisco } from './cisco.js';
import { comcast } from './comcast.js';
import { docomo } from './docomo.js';
import { domino } from './domino.js';
import { exchange } from './exchange.js';
import { exim } from './exim.js';
import { free } from './free.js';
import { gmail } from './gmail.js';
import { gmx } from './gmx.js';
import { icloud } from './icloud.js';
import { mailru } from './mailru.js';
import { microsoft } from './microsoft.js';
import { mimecast } from './mimecast.js';
import { naver } from './naver.js';
import { netease } from './netease.js';
import { orange } from './orange.js';
import { postfix } from './postfix.js';
import { proofpoint } from './proofpoint.js';
import { proton } from './proton.js';
import { qmail } from './qmail.js';
import { qq } from './qq.js';
import { sendmail } from './sendmail.js';
import { softbank } from './softbank.js';
import { sophos } from './sophos.js';
import { tonline } from './tonline.js';
import { trendmicro } from './trendmicro.js';
import { yahoo } from './yahoo.js';
import { yandex } from './yandex.js';
import { zimbra } from './zimbra.js';
import { zoho } from './zoho.js';

export type { DocumentedReply } from './types.js';

/** A documented reply with the system whose table it comes from. */
export interface SystemReply extends DocumentedReply {
  system: string;
}

/** The tables, by system name (a new table: import it and add it here). */
export const SYSTEMS: Record<string, readonly DocumentedReply[]> = {
  // Mailbox providers.
  aol, au, comcast, docomo, free, gmail, gmx, icloud, mailru, microsoft, naver, netease, orange, proton, qq, softbank, tonline,
  yahoo, yandex, zoho,
  // Servers and gateways.
  barracuda, cisco, domino, exchange, exim, mimecast, postfix, proofpoint, qmail, sendmail, sophos, trendmicro, zimbra,
};

/**
 * The remote host a relay names when one of these systems answers: a mail exchanger the provider
 * publishes for its domains (or one of its form). A real DSN names it ("host
 * gmail-smtp-in.l.google.com[...] said: ...", "Remote-MTA: dns; ..."), and some systems' words mean
 * what they mean only at that system (src/decode/rhost/). Server software run by anyone has no host
 * of its own and is named mx.example.com.
 */
export const HOSTS: Readonly<Record<string, string>> = {
  aol: 'mailin-01.mx.aol.com', au: 'lsean.ezweb.ne.jp', comcast: 'mx1a1.comcast.net', docomo: 'mfsmax.docomo.ne.jp', free: 'mx1.free.fr',
  gmail: 'gmail-smtp-in.l.google.com', gmx: 'mx00.gmx.net', icloud: 'mx01.mail.icloud.com', mailru: 'mxs.mail.ru',
  microsoft: 'example-com.mail.protection.outlook.com', naver: 'mx1.naver.com', netease: '163mx01.mxmail.netease.com', orange: 'smtp-in.orange.fr',
  proton: 'mail.protonmail.ch', qq: 'mx1.qq.com', tonline: 'mx00.t-online.de', yahoo: 'mta5.am0.yahoodns.net', yandex: 'mx.yandex.ru', zoho: 'mx.zoho.com',
  barracuda: 'd123456a.ess.barracudanetworks.com', cisco: 'mx1.example.iphmx.com', mimecast: 'eu-smtp-inbound-1.mimecast.com',
  proofpoint: 'mx0a-00000000.pphosted.com', sophos: 'mx-01-eu-west-1.prod.hydra.sophos.com', trendmicro: 'example.com.in.tmes.trendmicro.com',
};

export const REPLIES: readonly SystemReply[] = Object.entries(SYSTEMS).flatMap(([system, list]) => list.map((r) => ({ ...r, system })));

/**
 * "holdout" for one reply in three, by a hash of its text (first byte of SHA-1, mod 3): stable
 * across runs and machines, and independent of the order or file a reply is listed in.
 */
export function part(reply: Pick<DocumentedReply, 'text'>): 'train' | 'holdout' {
  return createHash('sha1').update(reply.text).digest()[0] % 3 === 0 ? 'holdout' : 'train';
}
