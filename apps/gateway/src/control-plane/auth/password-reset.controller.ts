import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { authContract, type ParsedBody } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody } from '../common/zod-validation.pipe';
import { PasswordResetService } from './password-reset.service';
import { Public } from './public.decorator';

const contract = authContract;

/** /api/auth/password-reset: both steps are public (the user cannot sign in, by definition). */
@Controller()
export class PasswordResetController {
  constructor(private readonly passwordReset: PasswordResetService) {}

  @Public()
  @Post(contract.requestPasswordReset.path)
  @HttpCode(contract.requestPasswordReset.successStatus)
  request(
    @Body(validBody(contract.requestPasswordReset.body))
    body: ParsedBody<typeof contract.requestPasswordReset>,
    @Req() request: FastifyRequest,
  ): void {
    this.passwordReset.request(body.email, requestMeta(request));
  }

  @Public()
  @Post(contract.confirmPasswordReset.path)
  @HttpCode(contract.confirmPasswordReset.successStatus)
  async confirm(
    @Body(validBody(contract.confirmPasswordReset.body))
    body: ParsedBody<typeof contract.confirmPasswordReset>,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.passwordReset.confirm(body.token, body.password, requestMeta(request));
  }
}
