// The mail side of `npm start`: an SMTP server on a free loopback port that plays the company's
// own mail server (it refuses some recipients at RCPT TO and keeps what it accepts), and the
// returned mail that comes back later, written from the messages that server really received:
// their envelope sender (the signed return path), Message-ID and headers. So the later bounces
// carry the tokens `send` signed, as real ones would.
import { randomBytes } from 'node:crypto';

/** Starts the server; `refuse` maps an address to its RCPT TO reply ([code, text]); others are accepted. */
export async function startMailServer(refuse) {
  let SMTPServer;
  try {
    ({ SMTPServer } = await import('smtp-server'));
  } catch {
    throw new Error('the demo\'s mail server (the smtp-server package, a devDependency) is not installed: run `npm install` in the checkout, without --omit=dev.');
  }
  const received = [];
  const answers = [];
  const server = new SMTPServer({
    name: 'mail.example.com',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideENHANCEDSTATUSCODES: true, // the replies below carry their own enhanced codes, as written
    logger: false,
    onRcptTo(address, _session, cb) {
      const r = refuse[address.address.toLowerCase()];
      answers.push({ to: address.address, reply: r ? `${r[0]} ${r[1]}` : '250 Accepted' });
      if (!r) return cb();
      cb(Object.assign(new Error(r[1]), { responseCode: r[0] }));
    },
    onData(stream, session, cb) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom.address, to: session.envelope.rcptTo[0].address, raw: Buffer.concat(chunks).toString('utf8').replace(/\r\n/g, '\n') });
        cb(null, 'Ok: queued');
      });
    },
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  return { port: server.server.address().port, received, answers, close: () => new Promise((resolve) => server.close(resolve)) };
}

const headersOf = (raw) => raw.slice(0, raw.indexOf('\n\n') + 1);
const header = (raw, name) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headersOf(raw))?.[1].trim() ?? '';
const mailId = (host) => `<${randomBytes(6).toString('hex')}@${host}>`;

/** A Postfix-style DSN (RFC 3464): the server took the message, the next hop said `reply` later. */
export function laterDsn(m, reply) {
  const status = reply.split(' ')[1];
  const b = 'dsn-' + randomBytes(4).toString('hex');
  return `Return-Path: <>
Date: ${new Date().toUTCString()}
From: MAILER-DAEMON@mail.example.com (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: ${m.from}
Message-ID: ${mailId('mail.example.com')}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"

--${b}
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<${m.to}>: host mx.example.com[192.0.2.25] said: ${reply} (in reply to RCPT TO command)

--${b}
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.com

Final-Recipient: rfc822; ${m.to}
Action: failed
Status: ${status}
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; ${reply}

--${b}
Content-Type: text/rfc822-headers

${headersOf(m.raw)}
--${b}--
`;
}

/** A spam complaint through the receiver's feedback loop (ARF, RFC 5965), quoting the whole message. */
export function complaint(m) {
  const b = 'arf-' + randomBytes(4).toString('hex');
  return `From: Feedback Loop <fbl@example.net>
To: ${m.from}
Date: ${new Date().toUTCString()}
Subject: FW: ${header(m.raw, 'Subject')}
Message-ID: ${mailId('example.net')}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="${b}"

--${b}
Content-Type: text/plain; charset=us-ascii

This is an email abuse report for a message received from IP 192.0.2.10.

--${b}
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Original-Mail-From: <${m.from}>
Original-Rcpt-To: <${m.to}>
Source-IP: 192.0.2.10

--${b}
Content-Type: message/rfc822

${m.raw}
--${b}--
`;
}

/** An out-of-office answer (RFC 3834), sent to the return path as that RFC asks. */
export function autoReply(m) {
  return `From: ${m.to}
To: ${m.from}
Date: ${new Date().toUTCString()}
Subject: Automatic reply: ${header(m.raw, 'Subject')}
Message-ID: ${mailId(m.to.split('@')[1])}
In-Reply-To: ${header(m.raw, 'Message-ID')}
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

I am out of the office until Monday.
`;
}
