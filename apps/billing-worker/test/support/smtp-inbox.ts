import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One received email: its envelope recipients and raw text (quoted-printable soft breaks undone). */
export type ReceivedMail = { to: string[]; text: string };

/** A local SMTP server (smtp-server) keeping every message, standing in for the mail relay (as in the gateway's tests). */
export class SmtpInbox {
  /** While true, every message is refused with a 451 (a relay that is down or overloaded). */
  refuse = false;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly messages: ReceivedMail[],
  ) {}

  static async start(): Promise<SmtpInbox> {
    const messages: ReceivedMail[] = [];
    const holder: { inbox?: SmtpInbox } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        if (holder.inbox?.refuse) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          messages.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            text: Buffer.concat(chunks)
              .toString('utf8')
              .replace(/=\r?\n/g, ''),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    holder.inbox = new SmtpInbox(server, (server.server.address() as AddressInfo).port, messages);
    return holder.inbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
