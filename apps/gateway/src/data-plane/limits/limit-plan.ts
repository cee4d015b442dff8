import {
  spendCounterKey,
  spendDayOf,
  spendMonthOf,
  type EffectivePolicy,
  type RateLimit,
} from '@llmguard/shared';

/** Who a limit applies to. */
export type LimitScope = 'tenant' | 'key' | 'model' | 'end_user' | 'key_model' | 'deployment';

/** What a limit counts. */
export type LimitMetric = 'requests' | 'tokens' | 'input_tokens' | 'output_tokens' | 'concurrent_requests';

export type LimitWindow = 'minute' | 'day';

/** A rate limit: a GCRA bucket that holds `limit` units and refills them evenly over the window. */
export type RateCheck = {
  kind: 'rate';
  /** Redis key, without REDIS_KEY_PREFIX; every key of a tenant shares its hash slot. */
  key: string;
  scope: LimitScope;
  /** The key id, model alias or end user the scope is about; null for the tenant. */
  subject: string | null;
  metric: Exclude<LimitMetric, 'concurrent_requests'>;
  window: LimitWindow;
  limit: number;
  /** Units reserved at admission: 1 request, or the estimated tokens. */
  cost: number;
};

/** A concurrency limit: a lease per request in flight, which expires unless renewed. */
export type ConcurrencyCheck = {
  kind: 'concurrency';
  key: string;
  scope: LimitScope;
  subject: string | null;
  metric: 'concurrent_requests';
  limit: number;
};

/** A spend cap read from the billing worker's counters; `block` refuses at the cap, `alert` only warns. */
export type BudgetCheck = {
  kind: 'budget';
  key: string;
  scope: 'tenant' | 'key';
  period: 'day' | 'month';
  capMicros: number;
  action: 'block' | 'alert';
};

export type LimitCheck = RateCheck | ConcurrencyCheck | BudgetCheck;

/** Tokens reserved at admission, settled against the real usage when the request ends. */
export type TokenEstimate = { input: number; output: number };

export type LimitPlanInput = {
  tenantId: string;
  keyId: string;
  model: string;
  endUser: string | null;
  policy: EffectivePolicy;
  /** The key's own limits (api_keys.limit_overrides); they can only tighten the policy. */
  keyOverrides: KeyLimitOverrides | undefined;
  now: Date;
};

export type KeyLimitOverrides = {
  rateLimits?: RateLimit;
  budgets?: { dailyMicros?: number; monthlyMicros?: number };
};

const WINDOW_MS: Readonly<Record<LimitWindow, number>> = { minute: 60_000, day: 86_400_000 };

export function windowMs(window: LimitWindow): number {
  return WINDOW_MS[window];
}

/** The policy fields of one scope's limit, with the bucket each feeds. */
const RATE_FIELDS: readonly {
  field: keyof RateLimit;
  metric: RateCheck['metric'];
  window: LimitWindow;
}[] = [
  { field: 'requestsPerMinute', metric: 'requests', window: 'minute' },
  { field: 'requestsPerDay', metric: 'requests', window: 'day' },
  { field: 'tokensPerMinute', metric: 'tokens', window: 'minute' },
  { field: 'tokensPerDay', metric: 'tokens', window: 'day' },
  { field: 'inputTokensPerMinute', metric: 'input_tokens', window: 'minute' },
  { field: 'inputTokensPerDay', metric: 'input_tokens', window: 'day' },
  { field: 'outputTokensPerMinute', metric: 'output_tokens', window: 'minute' },
  { field: 'outputTokensPerDay', metric: 'output_tokens', window: 'day' },
];

const METRIC_CODE: Readonly<Record<LimitMetric, string>> = {
  requests: 'r',
  tokens: 't',
  input_tokens: 'i',
  output_tokens: 'o',
  concurrent_requests: 'c',
};

/**
 * Every limit and budget that applies to one request, in the order they are reported when several are hit
 * (narrowest scope first). Costs are filled in by `withCosts` once the tokens are estimated. Pure.
 */
export function buildLimitPlan(input: LimitPlanInput): LimitCheck[] {
  const { tenantId, keyId, model, endUser, policy, keyOverrides } = input;
  const limits = policy.rateLimits ?? {};
  // The hash tag: every key of one tenant lands in one Redis Cluster slot, so one script can touch them all.
  const base = `rl:{${tenantId}}`;
  const checks: LimitCheck[] = [];
  const add = (scope: LimitScope, subject: string | null, keyPart: string, limit: RateLimit | undefined) => {
    if (!limit) return;
    for (const { field, metric, window } of RATE_FIELDS) {
      const value = limit[field];
      if (value === undefined) continue;
      const key = `${base}:${keyPart}:${METRIC_CODE[metric]}:${window === 'minute' ? 'm' : 'd'}`;
      checks.push({ kind: 'rate', key, scope, subject, metric, window, limit: value, cost: 0 });
    }
    if (limit.concurrentRequests !== undefined) {
      const key = `${base}:${keyPart}:c`;
      checks.push({
        kind: 'concurrency',
        key,
        scope,
        subject,
        metric: 'concurrent_requests',
        limit: limit.concurrentRequests,
      });
    }
  };
  add('key_model', model, `km:${keyId}:${model}`, limits.perKeyPerModel?.[model]);
  add('key', keyId, `k:${keyId}`, tightest(limits.perKey, keyOverrides?.rateLimits));
  if (endUser !== null) add('end_user', endUser, `u:${endUser}`, limits.perEndUser);
  add('model', model, `m:${model}`, limits.perModel?.[model]);
  add('tenant', null, 't', limits.tenant);
  for (const check of budgetChecks(input)) checks.push(check);
  return checks;
}

/** Field by field, the lower of the policy's per-key limit and the key's own. */
function tightest(policy: RateLimit | undefined, key: RateLimit | undefined): RateLimit | undefined {
  if (!key) return policy;
  if (!policy) return key;
  const merged: RateLimit = { ...policy };
  for (const [field, value] of Object.entries(key) as [keyof RateLimit, number][]) {
    const current = merged[field];
    merged[field] = current === undefined ? value : Math.min(current, value);
  }
  return merged;
}

function budgetChecks(input: LimitPlanInput): BudgetCheck[] {
  const budgets = input.policy.budgets ?? {};
  const keyBudgets = input.keyOverrides?.budgets;
  // Most requests have no cap: no date formatting, no array.
  if (
    budgets.dailyCapMicros === undefined &&
    budgets.monthlyCapMicros === undefined &&
    keyBudgets?.dailyMicros === undefined &&
    keyBudgets?.monthlyMicros === undefined
  )
    return [];
  const action = budgets.action ?? 'block';
  const month = spendMonthOf(input.now);
  const day = spendDayOf(input.now);
  const checks: BudgetCheck[] = [];
  const add = (
    scope: BudgetCheck['scope'],
    period: BudgetCheck['period'],
    cap: string | number | undefined,
  ) => {
    if (cap === undefined) return;
    const apiKeyId = scope === 'key' ? input.keyId : undefined;
    const key = spendCounterKey(
      input.tenantId,
      period === 'month' ? 'm' : 'd',
      period === 'month' ? month : day,
      apiKeyId,
    );
    checks.push({ kind: 'budget', key, scope, period, capMicros: Number(cap), action });
  };
  add('key', 'day', input.keyOverrides?.budgets?.dailyMicros);
  add('key', 'month', input.keyOverrides?.budgets?.monthlyMicros);
  add('tenant', 'day', budgets.dailyCapMicros);
  add('tenant', 'month', budgets.monthlyCapMicros);
  return checks;
}

/** Whether any check counts tokens (only then is the prompt tokenized at admission). */
export function countsTokens(checks: readonly LimitCheck[]): boolean {
  return checks.some((check) => check.kind === 'rate' && check.metric !== 'requests');
}

/** The plan with each rate check's cost: 1 per request, or the estimated tokens of its metric. */
export function withCosts(checks: LimitCheck[], estimate: TokenEstimate): LimitCheck[] {
  for (const check of checks) if (check.kind === 'rate') check.cost = tokensOf(check.metric, estimate);
  return checks;
}

/** The units a rate check counts, for an estimate or for the real usage. */
export function tokensOf(metric: RateCheck['metric'], tokens: TokenEstimate): number {
  switch (metric) {
    case 'requests':
      return 1;
    case 'tokens':
      return tokens.input + tokens.output;
    case 'input_tokens':
      return tokens.input;
    case 'output_tokens':
      return tokens.output;
  }
}

/** "tokens per minute of the key `key_…`": how a 429 names the limit hit. */
export function describeCheck(check: LimitCheck): string {
  if (check.kind === 'budget') {
    const owner = check.scope === 'tenant' ? "your tenant's" : "this API key's";
    return `${owner} ${check.period === 'day' ? 'daily' : 'monthly'} spend cap`;
  }
  const what =
    check.kind === 'concurrency'
      ? 'concurrent requests'
      : `${check.metric.replace('_', ' ')} per ${check.window}`;
  return `${what} ${scopePhrase(check.scope, check.subject)}`;
}

function scopePhrase(scope: LimitScope, subject: string | null): string {
  switch (scope) {
    case 'tenant':
      return 'of your tenant';
    case 'key':
      return 'of this API key';
    case 'model':
      return `of the model \`${subject ?? ''}\``;
    case 'key_model':
      return `of this API key on the model \`${subject ?? ''}\``;
    case 'end_user':
      return `of the end user \`${subject ?? ''}\``;
    case 'deployment':
      return `of the deployment \`${subject ?? ''}\``;
  }
}
