import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import type { User } from '@llmguard/db';
import { requestMeta } from '../common/request-meta';
import { AuthService } from './auth.service';
import { constructionPassport, PASSPORT, type PassportInstance } from './passport.provider';

/** Strategy name of email + password sign-in. */
export const LOCAL_STRATEGY = 'local';

/** passport-local: reads `email` and `password` from the (already validated) JSON body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, LOCAL_STRATEGY) {
  constructor(
    private readonly auth: AuthService,
    @Inject(PASSPORT) passport: PassportInstance,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
    passport.use(LOCAL_STRATEGY, this);
  }

  /** Called by the PassportStrategy mixin's constructor; see {@link constructionPassport}. */
  getPassportInstance(): PassportInstance {
    return constructionPassport;
  }

  /** Throws the 401, 403 or 429 GatewayError itself; passport hands it to the guard unchanged. */
  validate(request: FastifyRequest, email: string, password: string): Promise<User> {
    return this.auth.verifyCredentials(email, password, requestMeta(request));
  }
}
