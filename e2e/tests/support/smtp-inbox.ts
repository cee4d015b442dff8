import { SMTPServer } from 'smtp-server';

/** One received email, quoted-printable soft breaks and escapes undone so links read whole. */
export type ReceivedMail = { to: string[]; text: string };

/**
 * A local SMTP server (smtp-server) standing in for the mail relay, on the fixed port the test
 * profile's SMTP_URL points the control plane at (scripts/stack-env.sh). Same idea as the gateway's
 * apps/gateway/test/control-plane/support/smtp-inbox.ts, which listens on a random port instead.
 */
export class SmtpInbox {
  private constructor(
    private readonly server: SMTPServer,
    private readonly messages: ReceivedMail[],
  ) {}

  static async start(port: number): Promise<SmtpInbox> {
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
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return new SmtpInbox(server, messages);
  }

  /** The first link in a message to `to` whose URL matches `pattern`, waiting for the message. */
  async waitForLink(to: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const mail of this.messages) {
        if (!mail.to.includes(to)) continue;
        const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => pattern.test(url));
        if (link) return link;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no email to ${to} with a link matching ${pattern} within ${timeoutMs} ms`);
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
