import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { budgetAlertEmail, budgetAlertWebhookBody } from './budget-alert.message';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature';

/** One threshold crossed: what the email and the webhook say. */
export type BudgetAlert = {
  tenantId: string;
  tenantName: string;
  /** `month` (monthly cap) or `day` (daily cap). */
  window: 'month' | 'day';
  /** `YYYY-MM` or `YYYY-MM-DD`, UTC. */
  period: string;
  thresholdPercent: number;
  spentMicros: bigint;
  capMicros: bigint;
  /** Set when an API key's own budget (`limit_overrides.budgets`) was crossed rather than the tenant's. */
  apiKey?: { id: string; name: string };
};

/**
 * Sends one alert: an email to the recipients the caller chose (SMTP_URL; unset = logged only), and a signed POST
 * to the tenant's webhook when it has one. Throws when either fails, so the caller can retry.
 */
@Injectable()
export class BudgetAlertNotifier implements OnModuleDestroy {
  private readonly logger = new Logger(BudgetAlertNotifier.name);
  private readonly transport: Transporter | undefined;

  constructor(@Inject(WORKER_ENV) private readonly env: BillingWorkerEnv) {
    this.transport = env.SMTP_URL ? createTransport(env.SMTP_URL) : undefined;
  }

  async email(alert: BudgetAlert, recipients: string[]): Promise<void> {
    if (recipients.length === 0) return;
    const { subject, text } = budgetAlertEmail(alert);
    if (!this.transport) {
      this.logger.warn(`SMTP_URL is not set; budget alert not emailed: ${subject}`);
      return;
    }
    await this.transport.sendMail({ from: this.env.MAIL_FROM, to: recipients, subject, text });
  }

  async webhook(alert: BudgetAlert, target: { url: string; signingSecret: string }): Promise<void> {
    const body = JSON.stringify(budgetAlertWebhookBody(alert));
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(target.signingSecret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(this.env.BUDGET_WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`budget alert webhook answered ${response.status}`);
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
