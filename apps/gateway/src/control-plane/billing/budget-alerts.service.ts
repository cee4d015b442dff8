import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import {
  newBudgetWebhookSigningSecret,
  sealBudgetWebhookSecret,
  type CredentialSealer,
} from '@llmguard/server';
import type {
  BudgetAlertsResponse,
  BudgetAlertWebhookView,
  GatewayEnv,
  PutBudgetAlertWebhookResponse,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import { notFound } from '../common/errors';
import { CREDENTIAL_SEALER } from '../routes/credential-sealer.provider';
import { BudgetAlertsRepository } from './budget-alerts.repository';
import { toBudgetAlertView, toBudgetAlertWebhookView } from './budget-alerts.view';
import { invalidWebhookUrl, webhookUrlProblem } from './budget-webhook-url';

/**
 * A tenant's budget-alert webhook and the alerts sent. The signing secret is generated here, answered once and kept
 * only sealed (the billing worker opens it to sign). Audit entries carry the API view: never the secret.
 */
@Injectable()
export class BudgetAlertsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(CREDENTIAL_SEALER) private readonly sealer: CredentialSealer,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly alerts: BudgetAlertsRepository,
    private readonly audit: AuditLogWriter,
  ) {}

  async getWebhook(tenantId: string): Promise<BudgetAlertWebhookView> {
    return toBudgetAlertWebhookView(await this.alerts.findWebhook(this.prisma, tenantId));
  }

  /** Sets the URL and a new signing secret (every PUT rotates it: the answer is the only place it is shown). */
  async putWebhook(tenantId: string, actor: AuditActor, url: string): Promise<PutBudgetAlertWebhookResponse> {
    const problem = webhookUrlProblem(url, this.env.NODE_ENV);
    if (problem) throw invalidWebhookUrl(problem);
    const signingSecret = newBudgetWebhookSigningSecret();
    const sealed = sealBudgetWebhookSecret(this.sealer, signingSecret, tenantId);
    const webhook = await this.prisma.$transaction(async (tx) => {
      const existing = await this.alerts.findWebhook(tx, tenantId);
      const row = await this.alerts.upsertWebhook(tx, tenantId, url, sealed);
      const after = toBudgetAlertWebhookView(row);
      await this.audit.append(tx, actor, {
        tenantId,
        action: existing ? 'budget_alert_webhook.updated' : 'budget_alert_webhook.created',
        target: { type: 'budget_alert_webhook', id: tenantId },
        before: existing ? toBudgetAlertWebhookView(existing) : null,
        after: { ...after, signingSecretChanged: true },
      });
      return after;
    });
    return { webhook, signingSecret };
  }

  async removeWebhook(tenantId: string, actor: AuditActor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const existing = await this.alerts.findWebhook(tx, tenantId);
      if (!existing) throw notFound('Budget alert webhook');
      await this.alerts.deleteWebhook(tx, tenantId);
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'budget_alert_webhook.deleted',
        target: { type: 'budget_alert_webhook', id: tenantId },
        before: toBudgetAlertWebhookView(existing),
        after: null,
      });
    });
  }

  /** Alerts of the current UTC month and the `months - 1` before it. */
  async listAlerts(tenantId: string, months: number, now = new Date()): Promise<BudgetAlertsResponse> {
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
    const sinceMonth = since.toISOString().slice(0, 7);
    const rows = await this.alerts.listAlertsSince(tenantId, sinceMonth);
    return { since: sinceMonth, data: rows.map(toBudgetAlertView) };
  }
}
