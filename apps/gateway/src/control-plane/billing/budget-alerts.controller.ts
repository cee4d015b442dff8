import { Body, Controller, Delete, Get, HttpCode, Put, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { budgetAlertsContract, type ParsedBody, type ParsedQuery } from '@llmguard/shared';
import { auditActorOf } from '../audit-log/audit-actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery } from '../common/zod-validation.pipe';
import { BudgetAlertsService } from './budget-alerts.service';

const contract = budgetAlertsContract;

/** /api/tenants/:tenantSlug/billing/alert-webhook and …/billing/alerts: owners, admins and billing. */
@Controller()
export class BudgetAlertsController {
  constructor(private readonly alerts: BudgetAlertsService) {}

  @Get(contract.getWebhook.path)
  @RequirePermission('budget_alert.read')
  async getWebhook(@CurrentTenant() access: TenantAccess) {
    return contract.getWebhook.response.parse(await this.alerts.getWebhook(access.tenant.id));
  }

  @Put(contract.putWebhook.path)
  @HttpCode(contract.putWebhook.successStatus)
  @RequirePermission('budget_alert.manage')
  async putWebhook(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.putWebhook.body)) body: ParsedBody<typeof contract.putWebhook>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.putWebhook.response.parse(
      await this.alerts.putWebhook(access.tenant.id, actor, body.url),
    );
  }

  @Delete(contract.removeWebhook.path)
  @HttpCode(contract.removeWebhook.successStatus)
  @RequirePermission('budget_alert.manage')
  async removeWebhook(@CurrentTenant() access: TenantAccess, @Req() request: FastifyRequest): Promise<void> {
    await this.alerts.removeWebhook(access.tenant.id, auditActorOf(access.principal, requestMeta(request)));
  }

  @Get(contract.listAlerts.path)
  @RequirePermission('budget_alert.read')
  async listAlerts(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.listAlerts.query)) query: ParsedQuery<typeof contract.listAlerts>,
  ) {
    return contract.listAlerts.response.parse(await this.alerts.listAlerts(access.tenant.id, query.months));
  }
}
