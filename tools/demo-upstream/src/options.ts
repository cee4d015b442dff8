// Server configuration: defaults, validation, and the CLI/env parser used by main.ts.
import { parseArgs } from 'node:util';

export type DemoUpstreamOptions = {
  /** Listen port; 0 picks a free one. */
  port: number;
  host: string;
  /** Natural reply length in tokens (max_tokens / max_completion_tokens caps it). */
  tokens: number;
  ttftMs: number;
  itlMs: number;
  /** Embedding size unless the request sets `dimensions`. */
  embedDims: number;
  /** Fraction (0..1) of inference requests answered with an error from `errorCodes`. */
  errorRate: number;
  errorCodes: readonly number[];
  /** Fraction (0..1) of streams whose socket is destroyed mid-stream. */
  disconnectRate: number;
  /** Tokens sent before an injected cut; null = half the reply. */
  disconnectAfter: number | null;
  /** Seeds failure injection so a run repeats exactly. */
  seed: number;
  /** When set, requests must present this key (Bearer or x-api-key). */
  apiKey: string | null;
  /** Ids listed by GET /v1/models (any model id is accepted for inference). */
  models: readonly string[];
  /** Simulate a prefix (KV) cache: time to first token grows with the prompt tokens not cached. */
  prefixCache: boolean;
  /** Blocks the prefix cache keeps (least recently used out first). */
  prefixCacheBlocks: number;
  /** Tokens per prefix-cache block. */
  prefixBlockTokens: number;
  /** Time to first token added per uncached prompt token (prefill), with the prefix cache on. */
  prefillMsPerToken: number;
};

// Demo-friendly pacing: a person watching the portal sees tokens arrive. Tests pass 0.
export const DEFAULT_OPTIONS: Readonly<DemoUpstreamOptions> = Object.freeze({
  port: 9100,
  host: '127.0.0.1',
  tokens: 24,
  ttftMs: 150,
  itlMs: 30,
  embedDims: 256,
  errorRate: 0,
  errorCodes: Object.freeze([429, 500, 503]),
  disconnectRate: 0,
  disconnectAfter: null,
  seed: 1,
  apiKey: null,
  models: Object.freeze([
    'gpt-4o-mini',
    'gpt-4o',
    'gpt-4.1-mini',
    'gpt-3.5-turbo-instruct',
    'text-embedding-3-small',
    'text-embedding-3-large',
    'claude-3-5-haiku-latest',
    'claude-sonnet-4-5',
  ]),
  prefixCache: false,
  prefixCacheBlocks: 1024,
  prefixBlockTokens: 16,
  prefillMsPerToken: 0.1,
});

export const MAX_TOKENS_PER_REPLY = 1_000_000;
export const MAX_EMBED_DIMS = 16_384;
const MAX_DELAY_MS = 600_000;

export const HELP_TEXT = `demo-upstream: deterministic OpenAI- and Anthropic-compatible model server

Usage: demo-upstream [flags]     (env var in brackets; CLI flag wins)

  --port N             listen port, 0 = any free port      [DEMO_UPSTREAM_PORT]  (9100)
  --host H             listen address                      [DEMO_UPSTREAM_HOST]  (127.0.0.1)
  --tokens N           natural reply length in tokens      [DEMO_UPSTREAM_TOKENS] (24)
  --ttft-ms N          delay before the first token        [DEMO_UPSTREAM_TTFT_MS] (150)
  --itl-ms N           delay between tokens                [DEMO_UPSTREAM_ITL_MS] (30)
  --embed-dims N       embedding size without "dimensions" [DEMO_UPSTREAM_EMBED_DIMS] (256)
  --error-rate P       fraction of requests failing, 0..1  [DEMO_UPSTREAM_ERROR_RATE] (0)
  --error-codes L      statuses to pick from               [DEMO_UPSTREAM_ERROR_CODES] (429,500,503)
  --disconnect-rate P  fraction of streams cut mid-stream  [DEMO_UPSTREAM_DISCONNECT_RATE] (0)
  --disconnect-after N tokens sent before a cut (n/2)      [DEMO_UPSTREAM_DISCONNECT_AFTER]
  --seed N             seed for failure injection          [DEMO_UPSTREAM_SEED] (1)
  --api-key K          require this key (else any key)     [DEMO_UPSTREAM_API_KEY]
  --models a,b         ids listed by GET /v1/models        [DEMO_UPSTREAM_MODELS]
  --prefix-cache       simulate a prefix (KV) cache        [DEMO_UPSTREAM_PREFIX_CACHE=1] (off)
  --prefix-cache-blocks N  blocks it keeps, LRU            [DEMO_UPSTREAM_PREFIX_CACHE_BLOCKS] (1024)
  --prefix-block-tokens N  tokens per block                [DEMO_UPSTREAM_PREFIX_BLOCK_TOKENS] (16)
  --prefill-ms-per-token X TTFT added per uncached token   [DEMO_UPSTREAM_PREFILL_MS_PER_TOKEN] (0.1)
  --quiet              do not print the listening line
  --help               this text

Per-request headers (x-fake-* also accepted): x-demo-tokens, x-demo-ttft-ms, x-demo-itl-ms,
x-demo-fail: 429|500|503|529|disconnect.`;

export class OptionsError extends Error {
  override name = 'OptionsError';
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new OptionsError(message);
}

const isInt = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;
const isIn = (n: number, min: number, max: number): boolean => Number.isFinite(n) && n >= min && n <= max;

/** Fills defaults and rejects values the server cannot honour. */
export function resolveOptions(partial: Partial<DemoUpstreamOptions> = {}): DemoUpstreamOptions {
  const o: DemoUpstreamOptions = { ...DEFAULT_OPTIONS, ...partial };
  check(isInt(o.port, 0, 65_535), `port must be an integer 0..65535, got ${o.port}`);
  check(o.host.length > 0, 'host must not be empty');
  check(isInt(o.tokens, 0, MAX_TOKENS_PER_REPLY), `tokens must be an integer 0..${MAX_TOKENS_PER_REPLY}`);
  check(isIn(o.ttftMs, 0, MAX_DELAY_MS), `ttft-ms must be 0..${MAX_DELAY_MS}`);
  check(isIn(o.itlMs, 0, MAX_DELAY_MS), `itl-ms must be 0..${MAX_DELAY_MS}`);
  check(isInt(o.embedDims, 1, MAX_EMBED_DIMS), `embed-dims must be an integer 1..${MAX_EMBED_DIMS}`);
  check(isIn(o.errorRate, 0, 1), 'error-rate must be 0..1');
  check(isIn(o.disconnectRate, 0, 1), 'disconnect-rate must be 0..1');
  check(o.errorCodes.length > 0, 'error-codes must not be empty');
  for (const code of o.errorCodes) check(isInt(code, 400, 599), `error code ${code} is not a 4xx/5xx status`);
  check(
    o.disconnectAfter === null || isInt(o.disconnectAfter, 0, MAX_TOKENS_PER_REPLY),
    'disconnect-after must be a non-negative integer',
  );
  check(Number.isSafeInteger(o.seed), 'seed must be an integer');
  check(o.apiKey === null || o.apiKey.length > 0, 'api-key must not be empty');
  check(o.models.length > 0, 'models must not be empty');
  check(isInt(o.prefixCacheBlocks, 1, 100_000_000), 'prefix-cache-blocks must be an integer 1..100000000');
  check(isInt(o.prefixBlockTokens, 1, 4096), 'prefix-block-tokens must be an integer 1..4096');
  check(isIn(o.prefillMsPerToken, 0, 1000), 'prefill-ms-per-token must be 0..1000');
  return o;
}

export type CliCommand =
  { kind: 'help'; text: string } | { kind: 'run'; options: DemoUpstreamOptions; quiet: boolean };

type Env = Readonly<Record<string, string | undefined>>;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  tokens: { type: 'string' },
  'ttft-ms': { type: 'string' },
  'itl-ms': { type: 'string' },
  'embed-dims': { type: 'string' },
  'error-rate': { type: 'string' },
  'error-codes': { type: 'string' },
  'disconnect-rate': { type: 'string' },
  'disconnect-after': { type: 'string' },
  seed: { type: 'string' },
  'api-key': { type: 'string' },
  models: { type: 'string' },
  'prefix-cache': { type: 'boolean' },
  'prefix-cache-blocks': { type: 'string' },
  'prefix-block-tokens': { type: 'string' },
  'prefill-ms-per-token': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FlagName = Exclude<keyof typeof FLAGS, 'quiet' | 'help' | 'prefix-cache'>;

const envName = (flag: FlagName): string => `DEMO_UPSTREAM_${flag.toUpperCase().replace(/-/g, '_')}`;

function toNumber(flag: string, raw: string): number {
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  check(!Number.isNaN(n), `--${flag}: not a number: ${JSON.stringify(raw)}`);
  return n;
}

const toList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new OptionsError(err instanceof Error ? err.message : String(err));
  }
}

/** Parses CLI flags over DEMO_UPSTREAM_* env vars over defaults. Throws OptionsError on bad input. */
export function parseCli(argv: readonly string[], env: Env): CliCommand {
  const values = readFlags(argv);
  if (values.help === true) return { kind: 'help', text: HELP_TEXT };

  // An empty env var counts as unset (compose files often pass VAR= through).
  const pick = (flag: FlagName): string | undefined => values[flag] ?? (env[envName(flag)] || undefined);
  const num = (flag: FlagName): number | undefined => {
    const raw = pick(flag);
    return raw === undefined ? undefined : toNumber(flag, raw);
  };
  const partial: Partial<DemoUpstreamOptions> = {};
  const assign = <K extends keyof DemoUpstreamOptions>(
    key: K,
    value: DemoUpstreamOptions[K] | undefined,
  ): void => {
    if (value !== undefined) partial[key] = value;
  };
  assign('port', num('port'));
  assign('host', pick('host'));
  assign('tokens', num('tokens'));
  assign('ttftMs', num('ttft-ms'));
  assign('itlMs', num('itl-ms'));
  assign('embedDims', num('embed-dims'));
  assign('errorRate', num('error-rate'));
  assign('disconnectRate', num('disconnect-rate'));
  assign('disconnectAfter', num('disconnect-after'));
  assign('seed', num('seed'));
  assign('apiKey', pick('api-key'));
  const codes = pick('error-codes');
  assign(
    'errorCodes',
    codes === undefined ? undefined : toList(codes).map((c) => toNumber('error-codes', c)),
  );
  const models = pick('models');
  assign('models', models === undefined ? undefined : toList(models));
  const prefixCacheEnv = env.DEMO_UPSTREAM_PREFIX_CACHE;
  if (values['prefix-cache'] === true) partial.prefixCache = true;
  else if (prefixCacheEnv)
    partial.prefixCache = ['1', 'true', 'yes', 'on'].includes(prefixCacheEnv.toLowerCase());
  assign('prefixCacheBlocks', num('prefix-cache-blocks'));
  assign('prefixBlockTokens', num('prefix-block-tokens'));
  assign('prefillMsPerToken', num('prefill-ms-per-token'));
  return { kind: 'run', options: resolveOptions(partial), quiet: values.quiet === true };
}
