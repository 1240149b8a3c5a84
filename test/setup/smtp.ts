import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { until } from './poll.js';

/** A message as the test SMTP server received it. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface TestMailbox {
  /** SMTP_URL for the app under test. */
  url: string;
  received: ReceivedMail[];
  /** Waits (polling, up to 30 s) for a message to this address whose subject matches; undefined if none came. */
  waitFor(to: string, subject?: RegExp): Promise<ReceivedMail | undefined>;
  close(): Promise<void>;
}

/** A real SMTP server in this process (no TLS, no auth): what the app sends arrives here over TCP. */
export async function startMailbox(): Promise<TestMailbox> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            attachments: mail.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content,
            })),
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const find = (to: string, subject?: RegExp) =>
    received.find((m) => m.to.includes(to.toLowerCase()) && (!subject || subject.test(m.subject)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor: (to, subject) =>
      until(
        async () => find(to, subject),
        (m) => m !== undefined,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The approval link in an email's text. */
export function approvalLinkIn(mail: ReceivedMail | undefined): string {
  const link = /https?:\/\/\S+\/approve\?t=[\w.-]+/.exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`no approval link in: ${mail?.text}`);
  return link;
}
