import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_ENV } from './support/test-env';

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

  it('serves only the data plane with GATEWAY_PLANES=data', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        ...TEST_ENV,
        // The start-up lines are info lines (TEST_ENV logs warnings only).
        LOG_LEVEL: 'info',
        DATA_PLANE_PORT: '0',
        CONTROL_PLANE_PORT: '0',
        GATEWAY_PLANES: 'data',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const dataPlaneUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line within 20 s:\n${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const url = /data plane (http:\/\/\S+)\/v1/.exec(output)?.[1];
          if (url) {
            clearTimeout(timer);
            resolve(url);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      const response = await fetch(`${dataPlaneUrl}/v1/models`);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
      expect(output).not.toContain('control plane');
      expect(output).not.toMatch(/ControlPlaneModule|AuthController/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
