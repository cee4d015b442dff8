import { Body, Controller, Get, Param, Put, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tierPoliciesContract, type ParsedBody } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody } from '../common/zod-validation.pipe';
import { PlatformAdminGuard } from '../auth/platform-admin.guard';
import { auditActorOf } from '../audit-log/audit-actor';
import { CurrentUser, type UserPrincipal } from '../auth/principal';
import { TierPoliciesService } from './tier-policies.service';

const contract = tierPoliciesContract;

/** /api/admin/tiers/:tierId/policy: platform admins only (signed in; management keys are tenant-bound). */
@Controller()
@UseGuards(PlatformAdminGuard)
export class TierPoliciesController {
  constructor(private readonly tiers: TierPoliciesService) {}

  @Get(contract.get.path)
  async get(@Param('tierId') tierId: string) {
    return contract.get.response.parse(await this.tiers.get(tierId));
  }

  @Put(contract.update.path)
  async update(
    @CurrentUser() principal: UserPrincipal,
    @Param('tierId') tierId: string,
    @Body(validBody(contract.update.body)) body: ParsedBody<typeof contract.update>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(principal, requestMeta(request));
    return contract.update.response.parse(await this.tiers.update(actor, tierId, body.document));
  }
}
