import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

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
  const child = spawn(process.execPath, [GATEWAY_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      GATEWAY_PLANES: 'data',
      DATA_PLANE_PORT: '0',
      METRICS_PORT: '0',
      ...env,
      // The start-up line (the data plane's URL, read below) is an info line.
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const dataPlaneUrl = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`gateway did not start:\n${output}`)), 30_000);
    const poll = setInterval(() => {
      const match = /data plane (http:\/\/\S+)\/v1/.exec(output);
      if (!match?.[1]) return;
      clearInterval(poll);
      clearTimeout(timer);
      ready(match[1]);
    }, 50);
    void exited.then(() => {
      clearInterval(poll);
      clearTimeout(timer);
      fail(new Error(`gateway exited during start-up:\n${output}`));
    });
  });
  return {
    child,
    dataPlaneUrl,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
