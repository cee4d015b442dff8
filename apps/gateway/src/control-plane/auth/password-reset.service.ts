import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { PrismaClient, User } from '@llmguard/db';
import type { GatewayEnv } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import type { RequestMeta } from '../common/request-meta';
import { AuditLogWriter } from '../audit-log/audit-log.writer';
import { Mailer } from '../mail/mailer';
import { passwordResetMessage } from '../mail/messages';
import { invalidEmailToken } from './email-token-errors';
import { EmailTokenStore } from './email-tokens';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SessionStore } from './session.store';
import { UsersRepository } from './users.repository';

const TOKEN_TTL_SECONDS = 3600;
const MAIL_COOLDOWN_SECONDS = 60;

/**
 * "Forgot password": an emailed one-time link sets a new password and ends every session. Requests answer at once
 * and the same way whether or not the email has an account; the lookup, the audit entry and the email happen
 * after the answer, so neither the body nor the timing tells which addresses exist.
 */
@Injectable()
export class PasswordResetService implements OnModuleDestroy {
  private readonly logger = new Logger('PasswordReset');
  private readonly deliveries = new Set<Promise<void>>();

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly users: UsersRepository,
    private readonly tokens: EmailTokenStore,
    private readonly mailer: Mailer,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLogWriter,
  ) {}

  request(email: string, meta: RequestMeta): void {
    const delivery = this.deliver(email, meta)
      .catch((error: unknown) => this.logger.error(`password reset delivery failed: ${String(error)}`))
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  /** Sets the new password (audited), then ends every session and clears the sign-in lockout of the email. */
  async confirm(token: string, password: string, meta: RequestMeta): Promise<void> {
    const subject = await this.tokens.consume('reset-password', token);
    const user = subject ? await this.users.findById(subject.userId) : null;
    if (!subject || !user || user.email !== subject.email) throw invalidEmailToken();
    const passwordHash = await this.hasher.hash(password);
    await this.prisma.$transaction(async (tx) => {
      await this.users.setPasswordHash(tx, user.id, passwordHash);
      await this.audit.append(tx, actorOf(user, meta), {
        tenantId: null,
        action: 'user.password_reset',
        target: { type: 'user', id: user.id },
      });
    });
    await this.sessions.destroyAllForUser(user.id);
    await this.throttle.recordSuccess(user.email);
  }

  /** Lets in-flight emails finish before the process stops. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.deliveries]);
  }

  private async deliver(email: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !(await this.tokens.mayMail('reset-password', email, MAIL_COOLDOWN_SECONDS))) return;
    await this.prisma.$transaction((tx) =>
      this.audit.append(tx, actorOf(user, meta), {
        tenantId: null,
        action: 'user.password_reset_requested',
        target: { type: 'user', id: user.id },
      }),
    );
    const token = await this.tokens.issue(
      'reset-password',
      { userId: user.id, email: user.email },
      TOKEN_TTL_SECONDS,
    );
    await this.mailer.send(passwordResetMessage(user.email, this.env.PORTAL_URL, token));
  }
}

// The person following the link is acting as that user, though not signed in.
function actorOf(user: User, meta: RequestMeta) {
  return { type: 'user' as const, id: user.id, ...meta };
}
