// One message for one recipient: the signed token goes in the envelope sender (VERP) and in our
// own header, so returned mail finds its row even when the bounce quotes nothing but headers or
// only the envelope; the Message-ID also carries it and is recorded in the send ledger first.
import { randomBytes } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import { asciiLower } from '../core/address.js';
import { makeToken } from '../match/token.js';
import { compile, render, renderSubject, type Fields, type Template } from './render.js';

export interface Campaign {
  name: string;
  subject: Template;
  text?: Template;
  html?: Template;
}

export interface MessageSettings {
  from: string;
  /** Envelope sender with `{token}`, e.g. "bounces+{token}@example.com". */
  returnPath: string;
  secret: string;
  /** Optional one-click unsubscribe URL with `{token}` (RFC 8058). */
  listUnsubscribe?: string;
}

export const TOKEN_HEADER = 'X-Bouncesync-Token';

const PROCESS_ID = randomBytes(5).toString('hex');
let seq = 0;

export function campaignFrom(name: string, sources: { subject: string; text?: string; html?: string }): Campaign {
  return {
    name,
    subject: compile(sources.subject),
    text: sources.text === undefined ? undefined : compile(sources.text),
    html: sources.html === undefined ? undefined : compile(sources.html),
  };
}

function domainOf(address: string): string {
  const bare = /<([^>]*)>/.exec(address)?.[1] ?? address;
  return asciiLower(bare.slice(bare.lastIndexOf('@') + 1).trim()) || 'localhost';
}

export function buildMessage(s: MessageSettings, c: Campaign, sendId: number, to: string, fields: Fields): SendMailOptions & { messageId: string } {
  const token = makeToken(s.secret, sendId);
  // Unique across ledgers too (a reset ledger reuses send ids): a per-process random part and a counter.
  const messageId = `<${token}.${PROCESS_ID}${(seq++).toString(36)}@${domainOf(s.from)}>`;
  const headers: Record<string, string> = { [TOKEN_HEADER]: token };
  if (s.listUnsubscribe) {
    headers['List-Unsubscribe'] = `<${s.listUnsubscribe.replaceAll('{token}', token)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: s.from,
    to,
    envelope: { from: s.returnPath.replaceAll('{token}', token), to: [to] },
    messageId,
    subject: renderSubject(c.subject, fields),
    text: c.text ? render(c.text, fields, 'text') : undefined,
    html: c.html ? render(c.html, fields, 'html') : undefined,
    headers,
  };
}
