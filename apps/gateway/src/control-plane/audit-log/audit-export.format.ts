import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AuditEntryView, AuditExportFormat } from '@llmguard/shared';

/** CSV columns, in order; `before` and `after` hold JSON text. */
export const AUDIT_EXPORT_COLUMNS = [
  'sequence',
  'id',
  'occurredAt',
  'actorType',
  'actorId',
  'action',
  'targetType',
  'targetId',
  'ip',
  'userAgent',
  'before',
  'after',
  'previousHash',
  'hash',
] as const satisfies readonly (keyof AuditEntryView)[];

export const AUDIT_EXPORT_CONTENT_TYPE: Readonly<Record<AuditExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/**
 * Serialises entries as they are pulled: a CSV with a header row, or one JSON object per line. Readable.from pulls
 * the next entry only when the client has taken the previous output (backpressure), so an export never sits in memory.
 */
export function auditExportStream(
  entries: AsyncIterable<AuditEntryView>,
  format: AuditExportFormat,
): Readable {
  if (format === 'jsonl') return Readable.from(jsonLines(entries));
  const csv = stringify({
    header: true,
    columns: [...AUDIT_EXPORT_COLUMNS],
    // Names and user agents are user-chosen: neutralise cells a spreadsheet would run as formulas.
    escape_formulas: true,
  });
  // pipeline destroys the CSV stream too when reading entries fails, so the download ends instead of hanging.
  pipeline(Readable.from(csvRecords(entries)), csv, () => undefined);
  return csv;
}

async function* jsonLines(entries: AsyncIterable<AuditEntryView>): AsyncGenerator<string> {
  for await (const entry of entries) yield `${JSON.stringify(entry)}\n`;
}

async function* csvRecords(entries: AsyncIterable<AuditEntryView>): AsyncGenerator<Record<string, unknown>> {
  for await (const entry of entries) {
    yield {
      ...entry,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
    };
  }
}
