import {
  createParamDecorator,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '@llmguard/db';
import { GatewayError, loginRequestSchema } from '@llmguard/shared';
import { parseOrThrow } from '../common/zod-validation.pipe';
import { LOCAL_STRATEGY } from './local.strategy';
import { PASSPORT, type PassportInstance } from './passport.provider';
import { runPassport } from './run-passport';

type CredentialsRequest = FastifyRequest & { user?: User };

/**
 * Runs the local strategy on the app's passport instance. The body is validated first, so a malformed sign-in
 * gets the usual 400 field list instead of passport's bare "Missing credentials".
 */
@Injectable()
export class LocalAuthGuard implements CanActivate {
  constructor(@Inject(PASSPORT) private readonly passport: PassportInstance) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<CredentialsRequest>();
    // The strategy reads the normalised (trimmed, lower-cased) email from here.
    request.body = parseOrThrow(loginRequestSchema, request.body, 'body');
    const user = await runPassport<User>(
      this.passport,
      LOCAL_STRATEGY,
      request,
      http.getResponse<FastifyReply>(),
    );
    if (!user)
      throw new GatewayError('invalid_credentials', { publicMessage: 'Incorrect email or password.' });
    request.user = user;
    return true;
  }
}

/** The user the local strategy signed in, in the sign-in handler. */
export const SignedInUser = createParamDecorator((_data: unknown, context: ExecutionContext): User => {
  const user = context.switchToHttp().getRequest<CredentialsRequest>().user;
  if (!user) throw new Error('SignedInUser used without LocalAuthGuard');
  return user;
});
