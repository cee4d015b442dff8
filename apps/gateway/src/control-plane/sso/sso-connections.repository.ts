import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, Prisma, PrismaClient, SsoConnection, Tenant } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';

/** The settings of a connection as stored, the client secret already sealed. */
export type SsoConnectionData = {
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  allowedEmailDomains: string[];
  defaultRole: MemberRole;
  enabled: boolean;
};

/** A tenant with its SSO connection, if it has one. */
export type TenantWithSso = Tenant & { ssoConnection: SsoConnection | null };

/** SSO connections: one per tenant, so every method takes the tenant id. */
@Injectable()
export class SsoConnectionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findByTenant(tx: Prisma.TransactionClient, tenantId: string): Promise<SsoConnection | null> {
    return tx.ssoConnection.findUnique({ where: { tenantId } });
  }

  /** The tenant a sign-in addresses, with its connection; sign-in is not scoped by a caller yet. */
  findTenantBySlug(slug: string): Promise<TenantWithSso | null> {
    return this.prisma.tenant.findUnique({ where: { slug }, include: { ssoConnection: true } });
  }

  upsert(
    tx: Prisma.TransactionClient,
    tenantId: string,
    id: string,
    data: SsoConnectionData,
  ): Promise<SsoConnection> {
    return tx.ssoConnection.upsert({
      where: { tenantId },
      create: { id, tenantId, ...data },
      update: data,
    });
  }

  async delete(tx: Prisma.TransactionClient, tenantId: string): Promise<void> {
    await tx.ssoConnection.delete({ where: { tenantId } });
  }

  /** `tenants.require_sso` belongs with the connection: it is only ever set through the SSO endpoint. */
  setRequireSso(tx: Prisma.TransactionClient, tenantId: string, requireSso: boolean): Promise<Tenant> {
    return tx.tenant.update({ where: { id: tenantId }, data: { requireSso } });
  }
}
