import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditLogEntry, PrismaClient } from '@llmguard/db';
import {
  GatewayError,
  type AuditEntryView,
  type AuditLogFilters,
  type ChainBreakReason,
  type ExportAuditLogQuery,
  type ListAuditLogQuery,
  type VerifyAuditLogResponse,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { chainHash, type JsonValue } from '@llmguard/server';
import { auditExportStream } from './audit-export.format';
import { toAuditEntryView } from './audit-entry.view';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogWriter, type AuditActor } from './audit-log.writer';

const VERIFY_BATCH_SIZE = 1_000;
const EXPORT_BATCH_SIZE = 500;

/** Reading, exporting and verifying a tenant's audit chain. */
@Injectable()
export class AuditLogService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly entries: AuditLogRepository,
    private readonly audit: AuditLogWriter,
  ) {}

  async list(tenantId: string, query: ListAuditLogQuery) {
    const { cursor, limit, ...filters } = query;
    const beforeSequence = parseCursor(cursor);
    const where = await this.entries.whereOf(tenantId, filters);
    const rows = await this.entries.list(where, { limit, beforeSequence });
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    const actors = await this.entries.actorsOf(tenantId, shown);
    return {
      data: shown.map((entry) => ({
        ...toAuditEntryView(entry),
        actor: (entry.actorId && actors.get(entry.actorId)) || null,
      })),
      nextCursor: rows.length > limit && last ? last.sequence.toString() : null,
    };
  }

  /**
   * Records the export in the chain, then streams the matching entries written before it, oldest first, read in
   * pages of EXPORT_BATCH_SIZE as the client consumes them. The export's own entry is not part of the file.
   */
  async export(tenantId: string, actor: AuditActor, query: ExportAuditLogQuery): Promise<Readable> {
    const { format, ...filters } = query;
    const upToSequence = await this.entries.headSequence(tenantId);
    await this.prisma.$transaction((tx) =>
      this.audit.append(tx, actor, { tenantId, action: 'audit_log.exported', after: { format, filters } }),
    );
    return auditExportStream(this.exportedEntries(tenantId, filters, upToSequence), format);
  }

  private async *exportedEntries(
    tenantId: string,
    filters: AuditLogFilters,
    upToSequence: bigint,
  ): AsyncGenerator<AuditEntryView> {
    const where = await this.entries.whereOf(tenantId, filters);
    let afterSequence = 0n;
    for (;;) {
      const batch = await this.entries.exportBatch(where, {
        afterSequence,
        upToSequence,
        size: EXPORT_BATCH_SIZE,
      });
      yield* batch.map(toAuditEntryView);
      const last = batch.at(-1);
      if (!last || batch.length < EXPORT_BATCH_SIZE) return;
      afterSequence = last.sequence;
    }
  }

  /**
   * Walks the chain from its first entry, recomputing every hash. Stops at the first entry whose sequence skips
   * (a deleted row), whose previous_hash is not its predecessor's hash (a removed or inserted row), or whose hash
   * does not match its content (an edited row).
   */
  async verify(tenantId: string): Promise<VerifyAuditLogResponse> {
    let checked = 0;
    let previous: AuditLogEntry | undefined;
    for (;;) {
      const batch = await this.entries.chainBatch(tenantId, previous?.sequence ?? 0n, VERIFY_BATCH_SIZE);
      for (const entry of batch) {
        checked += 1;
        const reason = brokenLink(entry, previous);
        if (reason) {
          return {
            valid: false,
            checked,
            firstBrokenAt: { id: entry.id, sequence: Number(entry.sequence), reason },
          };
        }
        previous = entry;
      }
      if (batch.length < VERIFY_BATCH_SIZE) return { valid: true, checked };
    }
  }
}

function brokenLink(entry: AuditLogEntry, previous: AuditLogEntry | undefined): ChainBreakReason | undefined {
  if (entry.sequence !== (previous?.sequence ?? 0n) + 1n) return 'sequence_gap';
  if (entry.previousHash !== (previous?.hash ?? null)) return 'previous_hash_mismatch';
  const recomputed = chainHash(entry.previousHash, {
    ...entry,
    before: entry.before as JsonValue,
    after: entry.after as JsonValue,
  });
  return recomputed === entry.hash ? undefined : 'hash_mismatch';
}

function parseCursor(cursor: string | undefined): bigint | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[1-9][0-9]{0,18}$/.test(cursor)) {
    throw new GatewayError('validation_failed', {
      publicMessage: 'The request query is invalid: query.cursor is not a cursor this API returned.',
      details: [
        {
          location: 'query.cursor',
          message: 'Not a cursor this API returned.',
          fix: 'Pass nextCursor from the previous page unchanged.',
        },
      ],
    });
  }
  return BigInt(cursor);
}
