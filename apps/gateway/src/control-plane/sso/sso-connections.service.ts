import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import {
  GatewayError,
  newId,
  type ParsedBody,
  type SsoConnectionView,
  type ssoContract,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { conflict, notFound } from '../common/errors';
import { isUniqueViolation } from '../common/prisma-errors';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import type { TenantAccess } from '../auth/tenant-access';
import { SsoConnectionsRepository } from './sso-connections.repository';
import { toSsoConnectionView } from './sso-connection.view';
import { SsoSecretSealer } from './sso-secret-sealer';

export type PutSsoConnectionInput = ParsedBody<typeof ssoContract.put>;

/**
 * A tenant's SSO connection and its `requireSso` switch. Audit entries carry the API view, so they say whether a
 * client secret is set (and whether this change replaced it), never the secret.
 */
@Injectable()
export class SsoConnectionsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly connections: SsoConnectionsRepository,
    private readonly sealer: SsoSecretSealer,
    private readonly audit: AuditLogWriter,
  ) {}

  async get(access: TenantAccess): Promise<SsoConnectionView> {
    const connection = await this.connections.findByTenant(this.prisma, access.tenant.id);
    if (!connection) throw notFound('SSO connection');
    return toSsoConnectionView(connection, access.tenant);
  }

  /** Creates or replaces the connection; the secret is kept when omitted, and required when there is none yet. */
  put(access: TenantAccess, actor: AuditActor, input: PutSsoConnectionInput): Promise<SsoConnectionView> {
    const tenantId = access.tenant.id;
    const { clientSecret, requireSso, ...settings } = input;
    return this.prisma
      .$transaction(async (tx) => {
        const existing = await this.connections.findByTenant(tx, tenantId);
        const clientSecretSealed =
          clientSecret !== undefined ? this.sealer.seal(clientSecret) : existing?.clientSecretSealed;
        if (clientSecretSealed === undefined) throw secretRequired();
        const connection = await this.connections.upsert(tx, tenantId, newId('sso'), {
          ...settings,
          clientSecretSealed,
        });
        const tenant = await this.connections.setRequireSso(tx, tenantId, requireSso);
        const after = toSsoConnectionView(connection, tenant);
        await this.audit.append(tx, actor, {
          tenantId,
          action: existing ? 'sso_connection.updated' : 'sso_connection.created',
          target: { type: 'sso_connection', id: connection.id },
          before: existing ? toSsoConnectionView(existing, access.tenant) : null,
          after: { ...after, clientSecretChanged: clientSecret !== undefined },
        });
        return after;
      })
      .catch((error: unknown) => {
        // Two first PUTs at once: the second loses the race on tenant_id.
        if (isUniqueViolation(error)) throw conflict('The SSO connection changed meanwhile; retry.');
        throw error;
      });
  }

  /** Removes the connection; a tenant without one cannot require SSO, so `requireSso` goes off with it. */
  async remove(access: TenantAccess, actor: AuditActor): Promise<void> {
    const tenantId = access.tenant.id;
    await this.prisma.$transaction(async (tx) => {
      const existing = await this.connections.findByTenant(tx, tenantId);
      if (!existing) throw notFound('SSO connection');
      await this.connections.delete(tx, tenantId);
      const tenant = await this.connections.setRequireSso(tx, tenantId, false);
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'sso_connection.deleted',
        target: { type: 'sso_connection', id: existing.id },
        before: toSsoConnectionView(existing, access.tenant),
        after: { requireSso: tenant.requireSso },
      });
    });
  }
}

function secretRequired(): GatewayError {
  const message = 'A new SSO connection needs its client secret.';
  return new GatewayError('validation_failed', {
    publicMessage: `The request body is invalid: body.clientSecret ${message}`,
    details: [
      {
        location: 'body.clientSecret',
        message,
        fix: 'Send the client secret the identity provider issued for this client.',
      },
    ],
  });
}
