import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config/index.js';

/** A file sent with a message (a report's PDF). */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One message: plain text, with an HTML alternative and attachments when given. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

let transport: Transporter | undefined;
let transportUrl: string | undefined;

/** True when SMTP_URL is set: mail leaves; otherwise callers keep it for the outbox page. */
export function canSendMail(): boolean {
  return Boolean(config().SMTP_URL);
}

/**
 * Sends one message through SMTP_URL. The only file that knows nodemailer. Throws on SMTP
 * errors; the caller decides what a failure means. Never logs (the URL holds the password).
 */
export async function sendMail(message: MailMessage): Promise<void> {
  const url = config().SMTP_URL;
  if (!url) throw new Error('SMTP_URL is not set');
  if (!transport || transportUrl !== url) {
    transport?.close();
    transport = nodemailer.createTransport({ url, connectionTimeout: 15_000, socketTimeout: 30_000 });
    transportUrl = url;
  }
  await transport.sendMail({ from: config().MAIL_FROM, ...message });
}

/** Closes the SMTP connection pool (shutdown, tests). */
export function closeMailer(): void {
  transport?.close();
  transport = undefined;
  transportUrl = undefined;
}
