import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { startAppProcess } from './app-process';

/** The built gateway (apps/gateway/dist/main.js): what production runs, so a kill is a real crash. */
const GATEWAY_MAIN = resolve(__dirname, '../../dist/main.js');

export type GatewayProcess = {
  child: ChildProcess;
  dataPlaneUrl: string;
  output(): string;
  /** SIGKILL: no shutdown hook runs, nothing in flight is settled or released. */
  kill(): Promise<void>;
};

/** Starts a data-plane-only gateway process and waits until it logs its data-plane URL. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const app = await startAppProcess(
    GATEWAY_MAIN,
    // The start-up line waited for is an info line: a caller's quieter LOG_LEVEL (TEST_ENV's warn) would hide it.
    {
      NODE_ENV: 'test',
      GATEWAY_PLANES: 'data',
      DATA_PLANE_PORT: '0',
      METRICS_PORT: '0',
      ...env,
      // The start-up line (the data plane's URL, read below) is an info line.
      LOG_LEVEL: 'info',
    },
    /data plane (http:\/\/\S+)\/v1/,
  );
  return { child: app.child, dataPlaneUrl: app.ready[1] ?? '', output: app.output, kill: app.kill };
}
