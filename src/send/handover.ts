// Whether a message's whole text went out on the SMTP connection. A connection that drops with no
// reply before that cannot have delivered the message: it is sent again. One that drops after it
// may have: the server can have queued it and lost only its "250". Such a row is `unknown`, like a
// crash at that moment, and is never sent again unless asked (send --resend-unknown): a bounce
// agent must not send anyone the same campaign twice.
import { PassThrough, type Readable } from 'node:stream';

interface Pluggable {
  use(step: 'stream', plugin: (mail: { data: { messageId?: string }; message: { processFunc(f: (input: Readable) => Readable): void } }, done: (err?: Error | null) => void) => void): void;
}

const sets = new WeakMap<object, Set<string>>();

/**
 * The Message-IDs whose last byte the transporter's connection has read (a nodemailer 'stream'
 * plugin puts the last stage on each message). Null for a transport without plugins.
 */
export function handedOver(transport: object): Set<string> | null {
  let set = sets.get(transport);
  if (set) return set;
  if (typeof (transport as Partial<Pluggable>).use !== 'function') return null;
  const done = (set = new Set<string>());
  (transport as Pluggable).use('stream', (mail, next) => {
    const id = String(mail.data.messageId ?? '');
    // The last stage of the message's stream: its 'end' comes when the SMTP connection has read
    // the last byte (after DATA was accepted), not when the text was merely produced.
    mail.message.processFunc((input) => {
      const out = new PassThrough();
      out.once('end', () => done.add(id));
      input.once('error', (e) => out.destroy(e)); // the input's errors are told on the output
      return input.pipe(out);
    });
    next();
  });
  sets.set(transport, set);
  return set;
}
