import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, OptionsError, parseCli, resolveOptions } from './options.js';

describe('parseCli', () => {
  it('uses the demo defaults', () => {
    const cmd = parseCli([], {});
    expect(cmd).toEqual({ kind: 'run', options: DEFAULT_OPTIONS, quiet: false });
    expect(DEFAULT_OPTIONS).toMatchObject({ port: 9100, tokens: 24, ttftMs: 150, itlMs: 30, embedDims: 256 });
  });

  it('reads DEMO_UPSTREAM_* env vars, and flags win over them', () => {
    const env = {
      DEMO_UPSTREAM_PORT: '9200',
      DEMO_UPSTREAM_TOKENS: '8',
      DEMO_UPSTREAM_API_KEY: 'k',
      DEMO_UPSTREAM_HOST: '',
    };
    const cmd = parseCli(['--port=0', '--error-codes', '429, 529', '--itl-ms', '0', '--quiet'], env);
    expect(cmd.kind === 'run' && cmd.options).toMatchObject({
      port: 0,
      tokens: 8,
      apiKey: 'k',
      host: '127.0.0.1',
      errorCodes: [429, 529],
      itlMs: 0,
    });
    expect(cmd.kind === 'run' && cmd.quiet).toBe(true);
  });

  it('turns the prefix cache on by flag or env, with its settings', () => {
    const off = parseCli([], { DEMO_UPSTREAM_PREFIX_CACHE: '0' });
    expect(off.kind === 'run' && off.options.prefixCache).toBe(false);
    const cmd = parseCli(['--prefix-cache', '--prefix-block-tokens', '32'], {
      DEMO_UPSTREAM_PREFIX_CACHE_BLOCKS: '64',
      DEMO_UPSTREAM_PREFILL_MS_PER_TOKEN: '0.25',
    });
    expect(cmd.kind === 'run' && cmd.options).toMatchObject({
      prefixCache: true,
      prefixBlockTokens: 32,
      prefixCacheBlocks: 64,
      prefillMsPerToken: 0.25,
    });
    const byEnv = parseCli([], { DEMO_UPSTREAM_PREFIX_CACHE: 'true' });
    expect(byEnv.kind === 'run' && byEnv.options.prefixCache).toBe(true);
    expect(() => parseCli(['--prefix-block-tokens', '0'], {})).toThrow(/prefix-block-tokens/);
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseCli(['--port', 'abc'], {})).toThrow(OptionsError);
    expect(() => parseCli(['--error-rate', '2'], {})).toThrow(/error-rate/);
    expect(() => parseCli(['--error-codes', '200'], {})).toThrow(OptionsError);
    expect(() => parseCli(['--bogus'], {})).toThrow(OptionsError);
    expect(() => resolveOptions({ tokens: -1 })).toThrow(OptionsError);
  });

  it('prints help', () => {
    const cmd = parseCli(['--help'], {});
    expect(cmd.kind === 'help' && cmd.text).toMatch(/--ttft-ms/);
  });
});
