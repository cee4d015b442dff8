import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import { AuditLogWriter } from '../audit-log/audit-log.writer';
import { requestMeta } from '../common/request-meta';
import type { ApiKeyPrincipal, ControlPlaneRequest } from './principal';

/**
 * Writes one audit entry, in the key's tenant chain, for every request a management key authenticates: automation
 * acts without a person signing in, so each use is on record (the change it makes, if any, gets its own entry).
 * The entry names the route template, not the full URL, so no query string is recorded.
 */
@Injectable()
export class ManagementKeyUse {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly audit: AuditLogWriter,
  ) {}

  async record(principal: ApiKeyPrincipal, request: ControlPlaneRequest): Promise<void> {
    const meta = requestMeta(request);
    await this.prisma.$transaction((tx) =>
      this.audit.append(
        tx,
        { type: 'api_key', id: principal.keyId, ...meta },
        {
          tenantId: principal.tenantId,
          action: 'management_key.used',
          target: { type: 'api_key', id: principal.keyId },
          after: { method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0] },
        },
      ),
    );
  }
}
