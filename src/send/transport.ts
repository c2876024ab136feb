// The SMTP transport from config: nodemailer's pool, one connection per concurrent message,
// TLS certificates verified unless the operator turns that off for a test server.
import nodemailer, { type Transporter } from 'nodemailer';
import type { SendConfig } from '../config/send.js';

export function smtpTransport(send: SendConfig): Transporter {
  const smtp = send.smtp!;
  return nodemailer.createTransport({
    pool: true,
    maxConnections: send.rate.concurrency,
    maxMessages: 500,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    auth: smtp.auth ? { user: smtp.auth.user, pass: smtp.auth.pass } : undefined,
    name: smtp.name,
    tls: { rejectUnauthorized: smtp.tls.rejectUnauthorized, ca: smtp.tls.ca, servername: smtp.tls.servername, minVersion: 'TLSv1.2' },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  });
}
