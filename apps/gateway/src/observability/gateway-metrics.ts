import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BoundedLabel, TenantLabelPolicy } from './bounded-label';

/** Seconds: from 5 ms (cached answers, gateway overhead) to 5 minutes (long generations). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Gateway overhead: far below the upstream's latency, so finer buckets at the low end. */
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
/** The OpenTelemetry GenAI semantic conventions' advice for gen_ai.client.token.usage. */
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];
const TOKENS_PER_SECOND_BUCKETS = [1, 5, 10, 20, 40, 60, 100, 150, 250, 500, 1000];

/** The values of the `scope` label of rate-limit rejections (limit-plan's scopes, and budgets). */
export const REJECTION_SCOPES = [
  'tenant',
  'key',
  'model',
  'key_model',
  'end_user',
  'deployment',
  'budget',
] as const;

/** Circuit states as the gauge reports them. */
export const BREAKER_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Every Prometheus metric of a gateway process, in a registry of its own (two gateways in one test process never
 * share counters). Names follow Prometheus conventions (`_total`, `_seconds`), and the GenAI ones the OpenTelemetry
 * GenAI semantic conventions (`gen_ai.client.token.usage` → `gen_ai_client_token_usage`, attributes as labels with
 * `.` → `_`). Label values come from closed sets or are bounded (BoundedLabel): no request, key or end-user id is a
 * label, and tenants only when METRICS_TENANT_LABELS says so.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly models = new BoundedLabel(200);
  readonly deployments = new BoundedLabel(500);
  readonly tenants: TenantLabelPolicy;

  readonly requests = new Counter({
    name: 'llmguard_gateway_requests_total',
    help: 'Data-plane requests answered, by endpoint, requested model alias and HTTP status.',
    labelNames: ['endpoint', 'model', 'status'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'llmguard_gateway_request_duration_seconds',
    help: 'Time from a request arriving to its answer ending (the last byte of a stream).',
    labelNames: ['endpoint'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly overhead = new Histogram({
    name: 'llmguard_gateway_overhead_seconds',
    help: 'Time the gateway itself added before the answer started: time to the answer minus the upstream calls.',
    labelNames: ['endpoint'] as const,
    buckets: OVERHEAD_BUCKETS,
    registers: [this.registry],
  });
  readonly timeToFirstToken = new Histogram({
    name: 'gen_ai_server_time_to_first_token_seconds',
    help: 'Time from a streaming request arriving to its first token reaching the gateway (GenAI semantic conventions).',
    labelNames: ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'gen_ai_client_operation_duration_seconds',
    help: 'Duration of GenAI operations through the gateway (GenAI semantic conventions); error_type set on failures.',
    labelNames: [
      'gen_ai_operation_name',
      'gen_ai_provider_name',
      'gen_ai_request_model',
      'error_type',
    ] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly tokenUsage = new Histogram({
    name: 'gen_ai_client_token_usage',
    help: 'Tokens per request by type: input or output (GenAI semantic conventions).',
    labelNames: [
      'gen_ai_operation_name',
      'gen_ai_provider_name',
      'gen_ai_request_model',
      'gen_ai_token_type',
    ] as const,
    buckets: TOKEN_BUCKETS,
    registers: [this.registry],
  });
  readonly tokens = new Counter({
    name: 'llmguard_gateway_tokens_total',
    help: 'Tokens metered, by model alias and type (input, output, cached: the cached part of the input).',
    labelNames: ['model', 'type'] as const,
    registers: [this.registry],
  });
  readonly outputTokensPerSecond = new Histogram({
    name: 'llmguard_gateway_output_tokens_per_second',
    help: 'Output tokens per second of generation (after the first token) for streamed answers.',
    labelNames: ['gen_ai_request_model'] as const,
    buckets: TOKENS_PER_SECOND_BUCKETS,
    registers: [this.registry],
  });
  readonly upstreamRequests = new Counter({
    name: 'llmguard_gateway_upstream_requests_total',
    help: 'Calls to upstream deployments (retries and fallbacks each count), by outcome: ok, server_error, rate_limited, timeout, connect_error, client_error.',
    labelNames: ['deployment', 'provider', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'llmguard_gateway_upstream_duration_seconds',
    help: "Time of one upstream call until its answer (a complete JSON body, or a stream's headers).",
    labelNames: ['deployment', 'provider'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly rateLimitRejections = new Counter({
    name: 'llmguard_gateway_rate_limit_rejections_total',
    help: 'Requests refused by limits (429), by the scope of the limit hit; scope="budget" for spend caps.',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });
  /** Read at scrape time from whoever holds the breakers (the data plane's DeploymentHealth). */
  breakerStates: () => Iterable<[deployment: string, state: keyof typeof BREAKER_STATE_VALUE]> = () => [];
  readonly circuitBreakerState = new Gauge({
    name: 'llmguard_gateway_circuit_breaker_state',
    help: 'Circuit breaker of each deployment this instance has called: 0 closed, 1 half-open, 2 open.',
    labelNames: ['deployment'] as const,
    registers: [this.registry],
    collect: () => {
      this.circuitBreakerState.reset();
      for (const [deployment, state] of this.breakerStates())
        this.circuitBreakerState.set(
          { deployment: this.deployments.value(deployment) },
          BREAKER_STATE_VALUE[state],
        );
    },
  });
  readonly cacheRequests = new Counter({
    name: 'llmguard_gateway_cache_requests_total',
    help: 'Cache lookups by cache (exact, semantic, embedding) and result (hit, miss).',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });
  readonly cacheSavedTokens = new Counter({
    name: 'llmguard_gateway_cache_saved_tokens_total',
    help: 'Tokens not sent upstream because a cache answered.',
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });
  readonly guardrailActions = new Counter({
    name: 'llmguard_gateway_guardrail_actions_total',
    help: 'Requests on which a guardrail acted, by guardrail (pii, pii_output, prompt_injection, content_filter, content_filter_output) and action (detect, mask, redact, flag, block).',
    labelNames: ['guardrail', 'action'] as const,
    registers: [this.registry],
  });
  readonly tenantRequests = new Counter({
    name: 'llmguard_gateway_tenant_requests_total',
    help: 'Requests of the tenants selected by METRICS_TENANT_LABELS, by status class.',
    labelNames: ['tenant', 'status_class'] as const,
    registers: [this.registry],
  });
  readonly tenantTokens = new Counter({
    name: 'llmguard_gateway_tenant_tokens_total',
    help: 'Tokens of the tenants selected by METRICS_TENANT_LABELS, by type (input, output).',
    labelNames: ['tenant', 'type'] as const,
    registers: [this.registry],
  });
  readonly tenantCost = new Counter({
    name: 'llmguard_gateway_tenant_cost_usd_total',
    help: 'Cost in USD of the tenants selected by METRICS_TENANT_LABELS, at the prices in force.',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });

  readonly apiRequests = new Counter({
    name: 'llmguard_gateway_api_requests_total',
    help: 'Control-plane API requests, by route pattern, method and HTTP status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly apiRequestDuration = new Histogram({
    name: 'llmguard_gateway_api_request_duration_seconds',
    help: 'Control-plane API request duration, by route pattern.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(tenantLabels: string) {
    this.tenants = new TenantLabelPolicy(tenantLabels);
    collectDefaultMetrics({ register: this.registry, prefix: 'llmguard_gateway_' });
    // Zero-valued series from the start, so rate() and alerts work before the first event of each kind.
    for (const scope of REJECTION_SCOPES) this.rateLimitRejections.inc({ scope }, 0);
  }

  /** One control-plane request (createHttpApp's onResponse hook). */
  observeApiRequest(route: string, method: string, status: number, seconds: number): void {
    this.apiRequests.inc({ route, method, status });
    this.apiRequestDuration.observe({ route }, seconds);
  }
}
