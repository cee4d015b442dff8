import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the built gateway (npm run build first; Nx's test target depends on it).
const MAIN = join(__dirname, '..', 'dist', 'main.js');

function startWith(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, DATA_PLANE_PORT: '0', CONTROL_PLANE_PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('gateway start-up', () => {
  it('refuses a malformed DATABASE_URL, naming the variable, and exits non-zero', () => {
    const result = startWith({
      DATABASE_URL: 'mysql://localhost/llmguard',
      REDIS_URL: 'http://127.0.0.1:6379',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('gateway: invalid configuration (2 problems)');
    expect(result.stderr).toContain('DATABASE_URL: must be a PostgreSQL URL');
    expect(result.stderr).toContain('REDIS_URL: must be a Redis URL');
  });

  it('refuses an unreachable database with a specific message and exits non-zero', () => {
    const result = startWith({ DATABASE_URL: 'postgresql://postgres:secret@127.0.0.1:1/llmguard' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('gateway: cannot start, a dependency is unreachable');
    expect(result.stderr).toMatch(
      /postgres: DATABASE_URL=postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/llmguard: Can't reach database server at 127\.0\.0\.1:1/,
    );
    expect(result.stderr).not.toContain('secret');
  });
});
