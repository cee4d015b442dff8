import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import {
  computeEffectivePolicy,
  diffPolicies,
  GatewayError,
  newId,
  policyConsistencyIssues,
  policyDocumentFromColumns,
  type CreatePolicyVersionRequest,
  type ListPolicyVersionsQuery,
  type PolicyDocument,
  type PolicyVersionView,
  type RestorePolicyVersionRequest,
  type TenantPolicyView,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { conflict, notFound } from '../common/errors';
import { GatewayInvalidations } from '../common/gateway-invalidations';
import { toPage } from '../common/pagination';
import { isUniqueViolation } from '../common/prisma-errors';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import type { TenantAccess } from '../auth/tenant-access';
import { PoliciesRepository } from './policies.repository';
import {
  auditSidesOf,
  tierDefaultsDocument,
  toPolicyVersionSummary,
  toPolicyVersionView,
} from './policy.view';

/** What a new version is made of, whether sent whole or copied from an earlier version. */
type VersionDraft = {
  document: PolicyDocument;
  comment: string | null;
  /** undefined = no concurrency check asked for. */
  expectedVersion: number | null | undefined;
  action: 'policy.version_created' | 'policy.version_restored';
  restoredFrom?: number;
  /** Where to point a "nothing changed" refusal: the body's document, or the restored version in the path. */
  noChangeLocation: string;
};

/**
 * Tenant policies as immutable numbered versions. A change inserts version n+1 and moves
 * tenants.current_policy_version in one transaction with its audit entry, then tells every gateway. A version that
 * changes nothing is refused (400), so the history only lists real changes.
 */
@Injectable()
export class PoliciesService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly policies: PoliciesRepository,
    private readonly audit: AuditLogWriter,
    private readonly invalidations: GatewayInvalidations,
  ) {}

  async get(access: TenantAccess): Promise<TenantPolicyView> {
    const { tenant } = access;
    const [tierRow, document] = await Promise.all([
      this.policies.findTierDefaults(tenant.tierId),
      this.documentOf(tenant.id, tenant.currentPolicyVersion),
    ]);
    const tierDefaults = tierDefaultsDocument(tierRow);
    return {
      tierId: tenant.tierId,
      currentVersion: tenant.currentPolicyVersion,
      document,
      tierDefaults,
      effective: computeEffectivePolicy(tierDefaults, document),
    };
  }

  async listVersions(access: TenantAccess, query: ListPolicyVersionsQuery) {
    const rows = await this.policies.listVersions(access.tenant.id, {
      limit: query.limit,
      beforeVersion: query.cursor === undefined ? undefined : Number(query.cursor),
    });
    return toPage(rows, query, toPolicyVersionSummary, (row) => String(row.version));
  }

  async getVersion(access: TenantAccess, version: number): Promise<PolicyVersionView> {
    const tenantId = access.tenant.id;
    const row = await this.policies.findVersion(tenantId, version);
    if (!row) throw notFound('Policy version');
    return toPolicyVersionView(row, await this.documentOf(tenantId, version > 1 ? version - 1 : null));
  }

  createVersion(
    access: TenantAccess,
    actor: AuditActor,
    input: CreatePolicyVersionRequest,
  ): Promise<PolicyVersionView> {
    return this.write(access, actor, {
      document: input.document,
      comment: input.comment ?? null,
      expectedVersion: input.expectedVersion,
      action: 'policy.version_created',
      noChangeLocation: 'body.document',
    });
  }

  async restoreVersion(
    access: TenantAccess,
    actor: AuditActor,
    version: number,
    input: RestorePolicyVersionRequest,
  ): Promise<PolicyVersionView> {
    const source = await this.policies.findVersion(access.tenant.id, version);
    if (!source) throw notFound('Policy version');
    return this.write(access, actor, {
      document: policyDocumentFromColumns(source),
      comment: input.comment ?? `Restored version ${version}.`,
      expectedVersion: input.expectedVersion,
      action: 'policy.version_restored',
      restoredFrom: version,
      noChangeLocation: 'params.version',
    });
  }

  private async write(
    access: TenantAccess,
    actor: AuditActor,
    draft: VersionDraft,
  ): Promise<PolicyVersionView> {
    const tenantId = access.tenant.id;
    const tierDefaults = tierDefaultsDocument(await this.policies.findTierDefaults(access.tenant.tierId));
    assertConsistent(computeEffectivePolicy(tierDefaults, draft.document), draft.noChangeLocation);
    const view = await this.prisma
      .$transaction(async (tx) => {
        const { currentPolicyVersion: current } = await tx.tenant.findUniqueOrThrow({
          where: { id: tenantId },
          select: { currentPolicyVersion: true },
        });
        if (draft.expectedVersion !== undefined && draft.expectedVersion !== current)
          throw staleVersion(current, draft.expectedVersion);
        const next = (current ?? 0) + 1;
        // Compare and swap: it also locks the tenant row, so a concurrent writer waits and then gets the 409.
        if (!(await this.policies.advanceCurrentVersion(tx, tenantId, current, next)))
          throw staleVersion(null, current);
        const currentDocument = await this.documentOf(tenantId, current, tx);
        const changes = diffPolicies(currentDocument, draft.document);
        if (changes.length === 0) throw nothingChanged(current, draft.noChangeLocation);
        const row = await this.policies.insertVersion(tx, tenantId, {
          id: newId('pol'),
          version: next,
          document: draft.document,
          createdById: actor.type === 'user' ? actor.id : null,
          comment: draft.comment,
        });
        await this.audit.append(tx, actor, {
          tenantId,
          action: draft.action,
          target: { type: 'tenant_policy', id: row.id },
          ...auditSidesOf(
            changes,
            { version: current },
            { version: next, comment: draft.comment, restoredFrom: draft.restoredFrom },
          ),
        });
        return toPolicyVersionView(row, currentDocument);
      })
      .catch((error: unknown) => {
        // (tenant_id, version) is unique: the backstop if two writers ever got past the compare and swap.
        if (isUniqueViolation(error)) throw staleVersion(null, draft.expectedVersion ?? null);
        throw error;
      });
    await this.invalidations.policyChanged({ tenantId, version: view.version });
    return view;
  }

  /** A version's document; `{}` for "no version" (null). */
  private async documentOf(
    tenantId: string,
    version: number | null,
    tx?: Parameters<PoliciesRepository['findVersion']>[2],
  ): Promise<PolicyDocument> {
    if (version === null) return {};
    const row = await this.policies.findVersion(tenantId, version, tx);
    // Rows are append-only and the current version is moved with the insert, so this is a broken invariant.
    if (!row) throw new Error(`tenant ${tenantId} lacks policy version ${version}`);
    return policyDocumentFromColumns(row);
  }
}

/** A 400 listing the cross-field rules the policy in force would break (see policyConsistencyIssues). */
export function assertConsistent(effective: PolicyDocument, location: string): void {
  const details = policyConsistencyIssues(effective, location);
  if (details.length === 0) return;
  throw new GatewayError('validation_failed', {
    publicMessage: `The policy would not work as written: ${details.map((detail) => `${detail.location} ${detail.message}`).join('; ')}.`,
    details,
  });
}

function staleVersion(current: number | null, expected: number | null | undefined): GatewayError {
  const now = current === null ? 'has changed' : `is at version ${current}`;
  const based = expected === null || expected === undefined ? 'no version' : `version ${expected}`;
  return conflict(
    `The policy ${now}, but this change was based on ${based}. Reload it and apply the change again.`,
  );
}

function nothingChanged(current: number | null, location: string): GatewayError {
  const message = `is identical to the current version (${current ?? 'tier defaults only'}); nothing to change`;
  return new GatewayError('validation_failed', {
    publicMessage: `The request is a no-op: ${location} ${message}.`,
    details: [{ location, message, fix: 'Change at least one field, or leave the policy as it is.' }],
  });
}
