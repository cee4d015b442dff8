import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/** A plain-text email. */
export type MailMessage = { to: string; subject: string; text: string };

/**
 * Sends the control plane's email over SMTP (SMTP_URL). Without SMTP_URL nothing is sent: outside production the
 * message is logged so links can be followed on a laptop; in production only a warning is logged, since the
 * message carries a one-time token.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter | undefined;

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {
    this.transport = env.SMTP_URL ? createTransport(env.SMTP_URL) : undefined;
  }

  async send(message: MailMessage): Promise<void> {
    if (this.transport) {
      await this.transport.sendMail({ from: this.env.MAIL_FROM, ...message });
    } else if (this.env.NODE_ENV === 'production') {
      this.logger.warn(`SMTP_URL is not set; "${message.subject}" was not sent`);
    } else {
      this.logger.log(
        `SMTP_URL is not set; would send to ${message.to}: ${message.subject}\n${message.text}`,
      );
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
