import { z } from 'zod';
import { whereProblems } from './where.js';

// The `send:` and `campaigns:` keys (part of the one schema in ./schema.ts). Kept in their own
// file so the sender's settings sit together; the Config type and JSON Schema still come from
// ./schema.ts.

const smtp = z.strictObject({
  host: z.string().min(1).describe("the company's SMTP server (submission)"),
  port: z.number().int().min(1).max(65535).default(587).describe('587 is submission with STARTTLS; use 465 with secure: true'),
  secure: z.boolean().default(false).describe('true: TLS from the first byte (port 465); false: STARTTLS when offered'),
  requireTLS: z.boolean().default(true).describe('refuse to send unless the session is encrypted (STARTTLS)'),
  auth: z.strictObject({
    user: z.string().describe('the sending account'),
    pass: z.string().describe('use "${SMTP_PASSWORD}" or "file:/path", never the password itself'),
  }).optional().describe('log in with this account; leave out when the server accepts the agent without one'),
  tls: z.strictObject({
    rejectUnauthorized: z.boolean().default(true).describe('verify the server certificate (default); false only for a test server'),
    ca: z.string().optional().describe('extra CA certificate(s), PEM text or "file:/path", for a company CA'),
    servername: z.string().optional().describe('the name the certificate must carry when host is an IP address'),
  }).default({ rejectUnauthorized: true }).describe('how the server certificate is checked'),
  name: z.string().optional().describe('the name the agent greets with (EHLO); default: the host name of the machine it runs on'),
});

export const sendSchema = z.strictObject({
  secret: z.string().min(16).optional().describe('HMAC secret (at least 16 characters) that signs tracking tokens: `send` needs it, and `run` needs the same one to verify the tokens in returned mail; use "${ENV_VAR}" or "file:/path"'),
  smtp: smtp.optional().describe('where campaigns are sent; required by `bouncesync send`'),
  from: z.string().optional().describe('the From header, e.g. "Example News <news@example.com>"'),
  returnPath: z.string().regex(/\{token\}/, 'must contain {token}').optional()
    .describe('envelope sender with the tracking token (VERP), e.g. "bounces+{token}@example.com"; bounces come back to it'),
  rate: z.strictObject({
    perSecond: z.number().min(0).default(20).describe('messages started per second; 0 = no limit'),
    concurrency: z.number().int().min(1).max(64).default(4).describe('messages in flight at once (also the SMTP connection pool size)'),
  }).default({ perSecond: 20, concurrency: 4 }).describe('how fast campaigns go out'),
  listUnsubscribe: z.string().optional().describe('one-click unsubscribe URL with {token}; adds List-Unsubscribe and List-Unsubscribe-Post (RFC 8058)'),
  retry: z.strictObject({
    attempts: z.number().int().min(1).default(5).describe('tries per recipient for temporary (4xx) refusals before giving up (expired)'),
    backoffSeconds: z.number().min(0).default(60).describe('wait before the first retry; doubled after each'),
    waitSeconds: z.number().min(0).default(0).describe('how long one `send` run waits for due retries before it ends; later runs pick the rest up'),
  }).default({ attempts: 5, backoffSeconds: 60, waitSeconds: 0 }).describe('temporary refusals (4xx): retried later, never flagged'),
  block: z.strictObject({
    count: z.number().int().min(2).default(10).describe('this many recipients refused with the same policy/block reply ...'),
    seconds: z.number().min(1).default(60).describe('... within this many seconds: the sender is blocked; sending pauses, nobody is flagged'),
  }).default({ count: 10, seconds: 60 }).describe('when identical refusals mean the receiver blocks the sender, not the addresses'),
  ledger: z.string().default('./data/sends.sqlite').describe('the send ledger (embedded SQLite, relative to the config file): who was sent what, for resuming and matching bounces; `run` reads it too'),
}).describe('sending campaigns, and the secret that signs every message\'s tracking token (returned mail is matched with it)').default({
  rate: { perSecond: 20, concurrency: 4 }, retry: { attempts: 5, backoffSeconds: 60, waitSeconds: 0 },
  block: { count: 10, seconds: 60 }, ledger: './data/sends.sqlite',
});

export const campaignsSchema = z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.strictObject({
  where: z.string().optional().describe('extra filter on the recipients table with :name parameters, e.g. "list_id = :list"; added to recipients.where, with the same rules'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}).describe('values for the :name parameters in where'),
  subject: z.string().min(1).describe('subject line; {{column}} merge fields'),
  text: z.string().optional().describe('path of the plain-text template ({{column}} merge fields), relative to the config file'),
  html: z.string().optional().describe('path of the HTML template, relative to the config file; merged values are HTML-escaped'),
}).describe('one campaign: its recipients (recipients.where and this where) and its message; text, html or both').refine((c) => c.text || c.html, { message: 'a campaign needs text or html (a template path)' })).default({})
  .superRefine((campaigns, ctx) => {
    for (const [name, c] of Object.entries(campaigns)) {
      for (const message of c.where === undefined ? [] : whereProblems(c.where, c.params, `campaigns.${name}.params`)) ctx.addIssue({ code: 'custom', path: [name, 'where'], message });
    }
  })
  .describe('campaigns `bouncesync send --campaign NAME` can send');

export type SendConfig = z.infer<typeof sendSchema>;
export type CampaignConfig = z.infer<typeof campaignsSchema>[string];
