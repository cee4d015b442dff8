import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One received email, its quoted-printable soft breaks and escapes undone so links can be read whole. */
export type ReceivedMail = { to: string[]; text: string };

/** A local SMTP server (smtp-server) that keeps every message, standing in for the real mail relay. */
export class SmtpInbox {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly messages: ReceivedMail[],
  ) {}

  static async start(): Promise<SmtpInbox> {
    const messages: ReceivedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          messages.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            text: decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.server.address() as AddressInfo;
    return new SmtpInbox(server, address.port, messages);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Waits for a message to an address whose text matches; returns that text. */
  async waitFor(to: string, pattern: RegExp, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const message = this.messages.find((mail) => mail.to.includes(to) && pattern.test(mail.text));
      if (message) return message.text;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no email to ${to} matching ${pattern} within ${timeoutMs} ms`);
  }

  received(to: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(to));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
