import { Injectable } from '@nestjs/common';
import type { AuditLogEntry } from '@llmguard/db';
import {
  GatewayError,
  type ChainBreakReason,
  type ListAuditLogQuery,
  type VerifyAuditLogResponse,
} from '@llmguard/shared';
import { chainHash, type JsonValue } from './audit-chain';
import { toAuditEntryView } from './audit-entry.view';
import { AuditLogRepository } from './audit-log.repository';

const VERIFY_BATCH_SIZE = 1_000;

/** Reading and verifying a tenant's audit chain. */
@Injectable()
export class AuditLogService {
  constructor(private readonly entries: AuditLogRepository) {}

  async list(tenantId: string, query: ListAuditLogQuery) {
    const { cursor, limit, ...filters } = query;
    const rows = await this.entries.list(tenantId, filters, { limit, beforeSequence: parseCursor(cursor) });
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return {
      data: shown.map(toAuditEntryView),
      nextCursor: rows.length > limit && last ? last.sequence.toString() : null,
    };
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
