import { Injectable } from '@nestjs/common';
import {
  GUARDRAIL_RECENT_MAX,
  type GuardrailActionCounts,
  type GuardrailActivityDay,
  type GuardrailActivityQuery,
  type GuardrailActivityResponse,
  type GuardrailPiiKind,
} from '@llmguard/shared';
import { bucketStarts } from '../usage/usage-buckets';
import { toRecentAction } from './guardrail-recent-action';
import {
  activityActionOf,
  GuardrailActivityRepository,
  type ActivityScope,
  type DayActionCount,
  type PiiKindSums,
} from './guardrail-activity.repository';

/**
 * What a tenant's guardrails did over a range, read from the audit entries the billing worker writes for every
 * request whose guardrails acted (one entry per request, so counts are requests unless they say values or hits).
 */
@Injectable()
export class GuardrailActivityService {
  constructor(private readonly entries: GuardrailActivityRepository) {}

  async activity(tenantId: string, query: GuardrailActivityQuery): Promise<GuardrailActivityResponse> {
    const scope: ActivityScope = { tenantId, from: new Date(query.from), to: new Date(query.to) };
    const [counts, daily, pii, categories, recent] = await Promise.all([
      this.entries.rangeCounts(scope),
      this.entries.dailyActions(scope),
      this.entries.piiKinds(scope),
      this.entries.categories(scope),
      this.entries.recent(scope, GUARDRAIL_RECENT_MAX),
    ]);
    const keyIds = [...new Set(recent.flatMap((entry) => (entry.actorId ? [entry.actorId] : [])))];
    const keyNames = await this.entries.keyNames(tenantId, keyIds);
    return {
      from: query.from,
      to: query.to,
      totals: {
        blocked: Number(counts.blocked),
        redacted: Number(counts.redacted),
        masked: Number(counts.masked),
        flagged: Number(counts.flagged),
      },
      blockedBy: {
        pii: Number(counts.blockedByPii),
        promptInjection: Number(counts.blockedByInjection),
        contentFilter: Number(counts.blockedByContentFilter),
      },
      days: fillDays(scope, daily),
      pii: byKind(pii),
      promptInjection: {
        flagged: Number(counts.injectionFlagged),
        blocked: Number(counts.blockedByInjection),
      },
      contentFilter: {
        blocked: Number(counts.blockedByContentFilter),
        termHits: Number(counts.termHits),
        outputTermHits: Number(counts.outputTermHits),
        categories: categories
          .map((row) => ({ category: row.category, requests: Number(row.requests) }))
          .sort((a, b) => b.requests - a.requests || a.category.localeCompare(b.category)),
      },
      recent: recent.flatMap((entry) => {
        const action = toRecentAction(entry, keyNames);
        return action ? [action] : [];
      }),
    };
  }
}

const NO_ACTIONS: GuardrailActionCounts = { blocked: 0, redacted: 0, masked: 0, flagged: 0 };

/** One row per UTC day the range touches, zeros where nothing happened. */
function fillDays(scope: ActivityScope, rows: readonly DayActionCount[]): GuardrailActivityDay[] {
  const byDay = new Map<number, GuardrailActionCounts>();
  for (const row of rows) {
    const action = activityActionOf(row.action);
    if (!action) continue;
    const counts = byDay.get(row.day.getTime()) ?? { ...NO_ACTIONS };
    counts[action] += Number(row.requests);
    byDay.set(row.day.getTime(), counts);
  }
  return bucketStarts(scope.from, scope.to, 'day').map((start) => ({
    day: start.toISOString().slice(0, 10),
    ...(byDay.get(start.getTime()) ?? NO_ACTIONS),
  }));
}

/** Input and output sums of each kind in one row, the most found first. */
function byKind(rows: readonly PiiKindSums[]): GuardrailPiiKind[] {
  const kinds = new Map<string, GuardrailPiiKind>();
  for (const row of rows) {
    const kind = kinds.get(row.kind) ?? {
      kind: row.kind,
      inputFound: 0,
      inputRequests: 0,
      outputFound: 0,
      outputRequests: 0,
    };
    if (row.direction === 'input') {
      kind.inputFound += Number(row.found);
      kind.inputRequests += Number(row.requests);
    } else {
      kind.outputFound += Number(row.found);
      kind.outputRequests += Number(row.requests);
    }
    kinds.set(row.kind, kind);
  }
  const total = (kind: GuardrailPiiKind) => kind.inputFound + kind.outputFound;
  return [...kinds.values()].sort((a, b) => total(b) - total(a) || a.kind.localeCompare(b.kind));
}
