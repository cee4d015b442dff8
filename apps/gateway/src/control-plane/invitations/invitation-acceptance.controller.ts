import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { invitationsContract, type ParsedBody } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { CurrentUser, type UserPrincipal } from '../auth/principal';
import { InvitationAcceptanceService } from './invitation-acceptance.service';

const contract = invitationsContract.accept;

/** /api/invitations/accept: not tenant-scoped (the token names the tenant); a signed-in person only. */
@Controller()
export class InvitationAcceptanceController {
  constructor(private readonly acceptance: InvitationAcceptanceService) {}

  @Post(contract.path)
  @HttpCode(contract.successStatus)
  async accept(
    @CurrentUser() principal: UserPrincipal,
    @Body(validBody(contract.body)) body: ParsedBody<typeof contract>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(principal, requestMeta(request));
    return contract.response.parse(await this.acceptance.accept(principal, actor, body.token));
  }
}
