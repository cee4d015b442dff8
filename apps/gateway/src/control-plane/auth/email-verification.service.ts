import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PrismaClient, User } from '@llmguard/db';
import type { GatewayEnv } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { conflict, notFound } from '../common/errors';
import type { RequestMeta } from '../common/request-meta';
import { AuditLogWriter } from '../audit-log/audit-log.writer';
import { Mailer } from '../mail/mailer';
import { emailVerificationMessage } from '../mail/messages';
import { invalidEmailToken, mailCooldown } from './email-token-errors';
import { EmailTokenStore } from './email-tokens';
import { toUserView, UsersRepository } from './users.repository';

const TOKEN_TTL_SECONDS = 24 * 3600;
const MAIL_COOLDOWN_SECONDS = 60;

/** Confirms that a user owns their email address, through a one-time emailed link. */
@Injectable()
export class EmailVerificationService {
  private readonly logger = new Logger('EmailVerification');

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly users: UsersRepository,
    private readonly tokens: EmailTokenStore,
    private readonly mailer: Mailer,
    private readonly audit: AuditLogWriter,
  ) {}

  /** The signed-in user asks for a (new) link: 409 when already verified, 429 within the cooldown. */
  async request(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    if (user.emailVerifiedAt) throw conflict('This email address is already confirmed.');
    if (!(await this.tokens.mayMail('verify-email', user.email, MAIL_COOLDOWN_SECONDS)))
      throw mailCooldown(MAIL_COOLDOWN_SECONDS);
    await this.send(user);
  }

  /** Sign-up sends the first link; a mail failure must not undo the new account, so it is only logged. */
  async sendAfterSignup(user: User): Promise<void> {
    await this.tokens.mayMail('verify-email', user.email, MAIL_COOLDOWN_SECONDS);
    await this.send(user).catch((error: unknown) =>
      this.logger.error(`verification email to ${user.id} failed: ${String(error)}`),
    );
  }

  /** Marks the address confirmed, once per token; audited as `user.email_verified`. */
  async confirm(token: string, meta: RequestMeta): Promise<User> {
    const subject = await this.tokens.consume('verify-email', token);
    const user = subject ? await this.users.findById(subject.userId) : null;
    // A token issued for an address the user has since changed proves nothing about the new one.
    if (!subject || !user || user.email !== subject.email) throw invalidEmailToken();
    if (user.emailVerifiedAt) return user;
    return this.prisma.$transaction(async (tx) => {
      const verified = await this.users.markEmailVerified(tx, user.id, new Date());
      await this.audit.append(
        tx,
        { type: 'user', id: user.id, ...meta },
        {
          tenantId: null,
          action: 'user.email_verified',
          target: { type: 'user', id: user.id },
          before: toUserView(user),
          after: toUserView(verified),
        },
      );
      return verified;
    });
  }

  private async send(user: User): Promise<void> {
    const token = await this.tokens.issue(
      'verify-email',
      { userId: user.id, email: user.email },
      TOKEN_TTL_SECONDS,
    );
    await this.mailer.send(emailVerificationMessage(user.email, this.env.PORTAL_URL, token));
  }
}
