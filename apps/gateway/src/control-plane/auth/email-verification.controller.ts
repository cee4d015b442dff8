import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { authContract, type ParsedBody } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody } from '../common/zod-validation.pipe';
import { EmailVerificationService } from './email-verification.service';
import { CurrentUser, type UserPrincipal } from './principal';
import { Public } from './public.decorator';
import { toUserView } from './users.repository';

const contract = authContract;

/** /api/auth/email-verification */
@Controller()
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Post(contract.requestEmailVerification.path)
  @HttpCode(contract.requestEmailVerification.successStatus)
  async request(@CurrentUser() principal: UserPrincipal): Promise<void> {
    await this.verification.request(principal.userId);
  }

  // Public: the link is often opened in a browser that is not signed in; the token is the proof.
  @Public()
  @Post(contract.confirmEmailVerification.path)
  @HttpCode(contract.confirmEmailVerification.successStatus)
  async confirm(
    @Body(validBody(contract.confirmEmailVerification.body))
    body: ParsedBody<typeof contract.confirmEmailVerification>,
    @Req() request: FastifyRequest,
  ) {
    const user = await this.verification.confirm(body.token, requestMeta(request));
    return contract.confirmEmailVerification.response.parse({ user: toUserView(user) });
  }
}
