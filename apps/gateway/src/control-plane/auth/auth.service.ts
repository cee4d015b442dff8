import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, User } from '@llmguard/db';
import { GatewayError, newId, type GatewayEnv } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { conflict } from '../common/errors';
import { isUniqueViolation } from '../common/prisma-errors';
import type { RequestMeta } from '../common/request-meta';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import { csrfTokenFor } from './csrf';
import { EmailVerificationService } from './email-verification.service';
import { LoginThrottle } from './login-throttle';
import { SignupThrottle } from './signup-throttle';
import { PasswordHasher } from './password-hasher';
import type { UserPrincipal } from './principal';
import type { SessionTicket } from './session-cookies';
import { SessionStore, type SessionAuthentication } from './session.store';
import { toUserView, UsersRepository } from './users.repository';

/** A parsed sign-up request (email lower-cased, name trimmed). */
export type SignupInput = { email: string; password: string; name: string };

/**
 * Accounts and sessions. Sign-up, sign-in, failed sign-in and sign-out are platform events: they go to the
 * platform audit chain (tenant null).
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly signupThrottle: SignupThrottle,
    private readonly audit: AuditLogWriter,
    private readonly emailVerification: EmailVerificationService,
  ) {}

  /** Creates the account, signs it in, and emails the link that confirms the address. */
  async signup(input: SignupInput, meta: RequestMeta): Promise<{ user: User; ticket: SessionTicket }> {
    await this.signupThrottle.consume(meta.ip);
    const passwordHash = await this.hasher.hash(input.password);
    const id = newId('usr');
    const user = await this.prisma
      .$transaction(async (tx) => {
        const created = await this.users.create(tx, {
          id,
          email: input.email,
          name: input.name,
          passwordHash,
          // Signing up signs in: the members list shows it as the last sign-in until the next one.
          lastLoginAt: new Date(),
        });
        await this.audit.append(tx, userActor(id, meta), {
          tenantId: null,
          action: 'user.signed_up',
          target: { type: 'user', id },
          after: toUserView(created),
        });
        return created;
      })
      .catch((error: unknown) => {
        // Sign-up does reveal that an email has an account; email verification (to come) can close that.
        if (isUniqueViolation(error)) throw conflict('An account with this email already exists.');
        throw error;
      });
    await this.emailVerification.sendAfterSignup(user);
    return { user, ticket: await this.startSession(user.id, meta) };
  }

  /**
   * Checks an email and password for the local strategy. Throttled per email and address; every failure is
   * counted and audited. Unknown emails cost the same time as wrong passwords and get the same answer.
   */
  async verifyCredentials(email: string, password: string, meta: RequestMeta): Promise<User> {
    // Throttled attempts are neither checked nor audited, so a flood cannot grow the platform chain unbounded.
    await this.throttle.assertAllowed(email, meta.ip);
    const user = await this.users.findByEmail(email);
    const valid = user?.passwordHash
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    if (!user || !valid) {
      await this.throttle.recordFailure(email, meta.ip);
      await this.auditFailedLogin(user, email, 'invalid_credentials', meta);
      throw new GatewayError('invalid_credentials', { publicMessage: 'Incorrect email or password.' });
    }
    if (user.disabledAt) {
      // Only someone who knows the password learns that the account is disabled.
      await this.auditFailedLogin(user, email, 'account_disabled', meta);
      throw new GatewayError('permission_denied', {
        publicMessage: 'This account is disabled. Contact your administrator.',
      });
    }
    await this.throttle.recordSuccess(email);
    return user;
  }

  /** Records the sign-in, then starts the session (audited first, so no session exists without its entry). */
  async login(user: User, meta: RequestMeta): Promise<SessionTicket> {
    await this.prisma.$transaction(async (tx) => {
      await this.users.recordLogin(tx, user.id, new Date());
      await this.audit.append(tx, userActor(user.id, meta), {
        tenantId: null,
        action: 'user.logged_in',
        target: { type: 'user', id: user.id },
      });
    });
    return this.startSession(user.id, meta);
  }

  async logout(principal: UserPrincipal, meta: RequestMeta): Promise<void> {
    await this.sessions.destroy(principal.sessionId, principal.userId);
    await this.prisma.$transaction((tx) =>
      this.audit.append(tx, userActor(principal.userId, meta), {
        tenantId: null,
        action: 'user.logged_out',
        target: { type: 'user', id: principal.userId },
      }),
    );
  }

  async logoutEverywhere(principal: UserPrincipal, meta: RequestMeta): Promise<void> {
    const sessionsEnded = await this.sessions.destroyAllForUser(principal.userId);
    await this.prisma.$transaction((tx) =>
      this.audit.append(tx, userActor(principal.userId, meta), {
        tenantId: null,
        action: 'user.logged_out_everywhere',
        target: { type: 'user', id: principal.userId },
        after: { sessionsEnded },
      }),
    );
  }

  /** A new session in the store and its CSRF token: the one way every sign-in (password or SSO) starts a session. */
  async startSession(
    userId: string,
    meta: RequestMeta,
    authentication: SessionAuthentication = { method: 'password' },
  ): Promise<SessionTicket> {
    const sessionId = await this.sessions.create(userId, meta, authentication);
    return { sessionId, csrfToken: csrfTokenFor(this.env.SESSION_SECRET, sessionId) };
  }

  private async auditFailedLogin(user: User | null, email: string, reason: string, meta: RequestMeta) {
    await this.prisma.$transaction((tx) =>
      this.audit.append(tx, userActor(user?.id ?? null, meta), {
        tenantId: null,
        action: 'user.login_failed',
        target: user ? { type: 'user', id: user.id } : undefined,
        after: { email, reason },
      }),
    );
  }
}

function userActor(userId: string | null, meta: RequestMeta): AuditActor {
  return { type: 'user', id: userId, ...meta };
}
