import { Body, Controller, Get, HttpCode, Post, Put, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { billingContract, type ParsedBody, type ParsedQuery } from '@llmguard/shared';
import { auditActorOf } from '../audit-log/audit-actor';
import { AllowedWhileSuspended } from '../admin/allowed-while-suspended.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery } from '../common/zod-validation.pipe';
import { BillingSessionsService } from './billing-sessions.service';
import { BillingService } from './billing.service';

const contract = billingContract;

/** /api/tenants/:tenantSlug/billing… */
@Controller()
export class BillingController {
  constructor(
    private readonly billing: BillingService,
    private readonly sessions: BillingSessionsService,
  ) {}

  @Get(contract.get.path)
  @RequirePermission('billing.read')
  async get(@CurrentTenant() access: TenantAccess) {
    return contract.get.response.parse(await this.billing.overview(access.tenant));
  }

  @Get(contract.listInvoices.path)
  @RequirePermission('billing.read')
  async listInvoices(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.listInvoices.query)) query: ParsedQuery<typeof contract.listInvoices>,
  ) {
    return contract.listInvoices.response.parse(await this.billing.listInvoices(access.tenant.id, query));
  }

  @Put(contract.subscribe.path)
  @HttpCode(contract.subscribe.successStatus)
  @RequirePermission('billing.manage')
  async subscribe(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.subscribe.body)) body: ParsedBody<typeof contract.subscribe>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.subscribe.response.parse(await this.billing.subscribe(access.tenant, actor, body.tierId));
  }

  @Post(contract.createCheckoutSession.path)
  @HttpCode(contract.createCheckoutSession.successStatus)
  @RequirePermission('billing.manage')
  @AllowedWhileSuspended()
  async createCheckoutSession(@CurrentTenant() access: TenantAccess) {
    return contract.createCheckoutSession.response.parse(await this.sessions.checkout(access.tenant));
  }

  @Post(contract.createPortalSession.path)
  @HttpCode(contract.createPortalSession.successStatus)
  @RequirePermission('billing.manage')
  @AllowedWhileSuspended()
  async createPortalSession(@CurrentTenant() access: TenantAccess) {
    return contract.createPortalSession.response.parse(await this.sessions.portal(access.tenant));
  }
}
