import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, Prisma, SsoConnection, Tenant, User } from '@llmguard/db';
import { displayNameSchema, newId, tenantSlugSchema } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import type { RequestMeta } from '../common/request-meta';
import { AuditLogWriter, type AuditEvent } from '../audit-log/audit-log.writer';
import { AuthService } from '../auth/auth.service';
import type { SessionTicket } from '../auth/session-cookies';
import { toUserView } from '../auth/users.repository';
import { toMemberView } from '../members/member.view';
import { SsoConnectionsRepository } from './sso-connections.repository';
import { SsoIdentitiesRepository } from './sso-identities.repository';
import { SsoLoginFailure } from './sso-login-failure';
import type { SsoProfile } from './sso-profile';

/** A tenant that can be signed in to through SSO, with its enabled connection. */
export type SsoTarget = { tenant: Tenant; connection: SsoConnection };

/** Audit entries of one sign-in, written together at the end of its transaction. */
type PendingAudit = Omit<AuditEvent, 'tenantId'>;

/**
 * Turns an identity the tenant's provider vouched for into a member of that tenant with a session:
 * 1. the identity (issuer, subject) already linked → its user;
 * 2. else a user with the same email → linked, only if the provider verified the email;
 * 3. else a new user without a password, named and addressed as the provider says.
 * A user who is not a member joins with the connection's default role, if their email's domain is allowed; if not,
 * the whole sign-in rolls back, so nothing is created or linked for someone who cannot get in. Everything is audited
 * in the tenant's chain, in the same transaction; the session starts after the commit.
 */
@Injectable()
export class SsoLoginService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly connections: SsoConnectionsRepository,
    private readonly identities: SsoIdentitiesRepository,
    private readonly audit: AuditLogWriter,
    private readonly auth: AuthService,
  ) {}

  /** The tenant and its enabled connection; a missing tenant, one not active, or no enabled connection look alike. */
  async target(tenantSlug: string): Promise<SsoTarget> {
    const found = tenantSlugSchema.safeParse(tenantSlug).success
      ? await this.connections.findTenantBySlug(tenantSlug)
      : null;
    if (!found || found.status !== 'active' || !found.ssoConnection?.enabled) {
      throw new SsoLoginFailure('sso_unavailable', 'no enabled SSO connection for this tenant');
    }
    const { ssoConnection: connection, ...tenant } = found;
    return { tenant, connection };
  }

  async signIn(
    { tenant, connection }: SsoTarget,
    profile: SsoProfile,
    meta: RequestMeta,
  ): Promise<SessionTicket> {
    const user = await this.prisma.$transaction(async (tx) => {
      const pending: PendingAudit[] = [];
      const member = await this.memberFor(tx, tenant, connection, profile, pending);
      await this.identities.recordLogin(tx, member.id, new Date());
      pending.push({
        action: 'user.logged_in_via_sso',
        target: { type: 'user', id: member.id },
        after: { connectionId: connection.id, issuer: profile.issuer, subject: profile.subject },
      });
      const actor = { type: 'user' as const, id: member.id, ...meta };
      for (const event of pending) await this.audit.append(tx, actor, { tenantId: tenant.id, ...event });
      return member;
    });
    return this.auth.startSession(user.id, meta, { method: 'sso', tenantId: tenant.id });
  }

  private async memberFor(
    tx: Prisma.TransactionClient,
    tenant: Tenant,
    connection: SsoConnection,
    profile: SsoProfile,
    pending: PendingAudit[],
  ): Promise<User> {
    const identity = await this.identities.findIdentity(tx, profile.issuer, profile.subject);
    if (identity) await this.identities.recordIdentityLogin(tx, identity.id, profile.email, new Date());
    const user = identity?.user ?? (await this.linkOrCreateUser(tx, profile, pending));
    if (user.disabledAt) throw new SsoLoginFailure('account_disabled', `user ${user.id} is disabled`);
    if (await this.identities.findMembership(tx, tenant.id, user.id)) return user;
    if (!isDomainAllowed(profile.email, connection)) {
      const domain = profile.email?.split('@').pop() ?? 'no email';
      throw new SsoLoginFailure('domain_not_allowed', `${domain} is not admitted to ${tenant.id}`);
    }
    const membership = await this.identities.createMembership(tx, {
      id: newId('mem'),
      tenantId: tenant.id,
      userId: user.id,
      role: connection.defaultRole,
    });
    pending.push({
      action: 'member.added_via_sso',
      target: { type: 'membership', id: membership.id },
      after: toMemberView(membership),
    });
    return user;
  }

  /** Cases 2 and 3 above: link the account with the same (verified) email, or create one; then the identity. */
  private async linkOrCreateUser(
    tx: Prisma.TransactionClient,
    profile: SsoProfile,
    pending: PendingAudit[],
  ): Promise<User> {
    if (!profile.email) throw new SsoLoginFailure('email_missing', `no email for subject ${profile.subject}`);
    const now = new Date();
    let user = await this.identities.findUserByEmail(tx, profile.email);
    if (user && !profile.emailVerified) {
      // Linking on an unverified address would hand the account to whoever typed it at the provider.
      throw new SsoLoginFailure('email_not_verified', `an unverified email matches ${user.id}`);
    }
    if (!user) {
      user = await this.identities.createUser(tx, {
        id: newId('usr'),
        email: profile.email,
        name: profile.name ?? fallbackName(profile.email),
        emailVerifiedAt: profile.emailVerified ? now : null,
      });
      pending.push({
        action: 'user.created_via_sso',
        target: { type: 'user', id: user.id },
        after: toUserView(user),
      });
    }
    const identity = await this.identities.createIdentity(tx, {
      id: newId('idn'),
      userId: user.id,
      provider: new URL(profile.issuer).host,
      issuer: profile.issuer,
      subject: profile.subject,
      email: profile.email,
      lastLoginAt: now,
    });
    pending.push({
      action: 'user.identity_linked',
      target: { type: 'external_identity', id: identity.id },
      after: { userId: user.id, issuer: identity.issuer, subject: identity.subject, email: identity.email },
    });
    return user;
  }
}

/** Exact domain match: `example.com` admits `ann@example.com`, not `ann@eu.example.com`. */
function isDomainAllowed(email: string | null, connection: SsoConnection): boolean {
  const domain = email?.slice(email.lastIndexOf('@') + 1);
  return domain !== undefined && connection.allowedEmailDomains.includes(domain);
}

/** The address's local part when the provider sent no usable name. */
function fallbackName(email: string): string {
  const parsed = displayNameSchema.safeParse(email.slice(0, email.lastIndexOf('@')));
  return parsed.success ? parsed.data : email.slice(0, 100);
}
