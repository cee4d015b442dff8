import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type ApiKey, type PrismaClient } from '@llmguard/db';
import {
  generateApiKey,
  newId,
  type ApiKeyView,
  type CreateApiKeyRequest,
  type RotateApiKeyRequest,
  type UpdateApiKeyRequest,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { conflict, notFound } from '../common/errors';
import { GatewayInvalidations } from '../common/gateway-invalidations';
import { toPage, type PageRequest } from '../common/pagination';
import { isUniqueViolation } from '../common/prisma-errors';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import type { TenantAccess } from '../auth/tenant-access';
import {
  alreadyRotated,
  assertFitsKind,
  assertMayChange,
  assertMayManageManagementKeys,
  assertRotatable,
  createdBy,
  overlapEnd,
  prefixOf,
} from './api-key.rules';
import { ApiKeysRepository } from './api-keys.repository';
import { toApiKeyView } from './api-key.view';

/** A key with its secret: the one answer that ever carries it. */
export type IssuedKey = { key: ApiKeyView; secret: string };

/**
 * API keys: data-plane keys (`lg_live_`) and management keys (`lg_mgmt_`, owners and admins only). The secret is
 * generated here, returned once and stored only as its SHA-256 hash, prefix and last four characters. Every change
 * that can affect authentication is pushed to every gateway.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditLogWriter,
    private readonly invalidations: GatewayInvalidations,
  ) {}

  async create(access: TenantAccess, actor: AuditActor, input: CreateApiKeyRequest): Promise<IssuedKey> {
    const tenantId = access.tenant.id;
    if (input.kind === 'management') assertMayManageManagementKeys(access);
    const generated = generateApiKey(prefixOf(input.kind));
    const key = await this.prisma.$transaction(async (tx) => {
      const row = await this.keys.create(tx, tenantId, {
        id: newId('key'),
        name: input.name,
        kind: input.kind,
        prefix: generated.prefix,
        hash: generated.hash,
        lastFour: generated.lastFour,
        scopes: input.scopes,
        allowedModels: input.allowedModels,
        limitOverrides: input.limitOverrides ?? Prisma.DbNull,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        createdById: createdBy(access),
      });
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'api_key.created',
        target: { type: 'api_key', id: row.id },
        after: toApiKeyView(row),
      });
      return row;
    });
    return { key: toApiKeyView(key), secret: generated.secret };
  }

  async list(access: TenantAccess, page: PageRequest) {
    const rows = await this.keys.list(access.tenant.id, page);
    const now = Date.now();
    return toPage(
      rows,
      page,
      (row) => toApiKeyView(row, now),
      (row) => row.id,
    );
  }

  async get(access: TenantAccess, keyId: string): Promise<ApiKeyView> {
    return toApiKeyView(await this.find(access, keyId));
  }

  async update(
    access: TenantAccess,
    actor: AuditActor,
    keyId: string,
    input: UpdateApiKeyRequest,
  ): Promise<ApiKeyView> {
    const tenantId = access.tenant.id;
    const updated = await this.prisma.$transaction(async (tx) => {
      const before = await this.find(access, keyId, tx);
      assertMayChange(access, before);
      assertFitsKind(before, input);
      if (before.revokedAt) throw conflict('This key is revoked and can no longer be changed.');
      const row = await this.keys.update(tx, tenantId, keyId, {
        name: input.name,
        scopes: input.scopes,
        allowedModels: input.allowedModels,
        expiresAt: input.expiresAt === undefined ? undefined : input.expiresAt && new Date(input.expiresAt),
        limitOverrides: input.limitOverrides === null ? Prisma.DbNull : input.limitOverrides,
      });
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'api_key.updated',
        target: { type: 'api_key', id: keyId },
        before: toApiKeyView(before),
        after: toApiKeyView(row),
      });
      return row;
    });
    // Scopes, models, expiry and limits are cached by every gateway; a rename is harmless to push too.
    await this.invalidations.keysChanged([updated.hash]);
    return toApiKeyView(updated);
  }

  /**
   * Revokes a key on every gateway. Revoking a revoked key changes nothing and writes no entry, but pushes the
   * invalidation again, so repeating a revocation whose push failed completes it.
   */
  async revoke(access: TenantAccess, actor: AuditActor, keyId: string): Promise<ApiKeyView> {
    const tenantId = access.tenant.id;
    const revoked = await this.prisma.$transaction(async (tx) => {
      const before = await this.find(access, keyId, tx);
      assertMayChange(access, before);
      if (before.revokedAt) return before;
      const row = await this.keys.update(tx, tenantId, keyId, { revokedAt: new Date() });
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'api_key.revoked',
        target: { type: 'api_key', id: keyId },
        before: toApiKeyView(before),
        after: toApiKeyView(row),
      });
      return row;
    });
    await this.invalidations.keysChanged([revoked.hash]);
    return toApiKeyView(revoked);
  }

  /**
   * Issues a new secret with the same settings. The old key keeps working until `overlapEndsAt` (default: now),
   * which becomes its expires_at, the one thing the data plane checks. A key can be rotated once; later rotations
   * start from its successor.
   */
  async rotate(
    access: TenantAccess,
    actor: AuditActor,
    keyId: string,
    input: RotateApiKeyRequest,
  ): Promise<IssuedKey & { previousKey: ApiKeyView }> {
    const tenantId = access.tenant.id;
    const now = new Date();
    const result = await this.prisma
      .$transaction(async (tx) => {
        const old = await this.find(access, keyId, tx);
        assertMayChange(access, old);
        assertRotatable(old, now);
        if (await this.keys.findSuccessor(tx, tenantId, keyId)) throw alreadyRotated();
        const overlapEndsAt = overlapEnd(old, input.overlapEndsAt, now);
        const generated = generateApiKey(prefixOf(old.kind));
        const successor = await this.keys.create(tx, tenantId, {
          id: newId('key'),
          name: old.name,
          kind: old.kind,
          prefix: generated.prefix,
          hash: generated.hash,
          lastFour: generated.lastFour,
          scopes: old.scopes,
          allowedModels: old.allowedModels,
          limitOverrides: old.limitOverrides ?? Prisma.DbNull,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
          createdById: createdBy(access),
          rotatedFromId: old.id,
          rotationOverlapEndsAt: overlapEndsAt,
        });
        const retired = await this.keys.update(tx, tenantId, keyId, { expiresAt: overlapEndsAt });
        await this.audit.append(tx, actor, {
          tenantId,
          action: 'api_key.rotated',
          target: { type: 'api_key', id: keyId },
          before: toApiKeyView(old),
          after: { previousKey: toApiKeyView(retired), newKey: toApiKeyView(successor) },
        });
        return { successor, retired, secret: generated.secret };
      })
      .catch((error: unknown) => {
        // rotated_from_id is unique: a concurrent rotation of the same key got there first.
        if (isUniqueViolation(error)) throw alreadyRotated();
        throw error;
      });
    await this.invalidations.keysChanged([result.retired.hash]);
    return {
      key: toApiKeyView(result.successor),
      secret: result.secret,
      previousKey: toApiKeyView(result.retired),
    };
  }

  private async find(access: TenantAccess, keyId: string, tx?: Prisma.TransactionClient): Promise<ApiKey> {
    const key = await this.keys.findById(access.tenant.id, keyId, tx);
    if (!key) throw notFound('API key');
    return key;
  }
}
