import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket, type Server } from 'node:net';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { streamKeyOf } from './usage-fixtures';

/** The built worker (apps/billing-worker/dist/main.js): what production runs, so a kill is a real crash. */
const WORKER_MAIN = resolve(__dirname, '../../dist/main.js');

export type WorkerProcess = {
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr), for assertions and failure messages. */
  output(): string;
  /** Kills the process with SIGKILL: no shutdown hook runs, in-flight batches stay unacknowledged. */
  kill(): Promise<void>;
  /** Stops the process with SIGTERM (graceful) and waits for it to exit. */
  stop(): Promise<void>;
};

/** Starts dist/main.js with the given environment and waits until it logs that it is consuming. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', HEALTH_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker did not start:\n${output}`)), 30_000);
    const poll = setInterval(() => {
      if (output.includes('consuming usage')) {
        clearInterval(poll);
        clearTimeout(timer);
        ready();
      }
    }, 50);
    void exited.then(() => {
      clearInterval(poll);
      clearTimeout(timer);
      fail(new Error(`worker exited during start-up:\n${output}`));
    });
  });
  return { child, output: () => output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/**
 * A TCP proxy in front of Postgres that a test can cut: every open connection is reset and new
 * ones are refused (accepted, then reset), as when the database host goes away; restore() forwards
 * again. The shared Postgres other suites use is never stopped.
 */
export class CuttableTcpProxy {
  private readonly server: Server;
  /** Open client connections, with the Postgres startup message each began with. */
  private readonly clients = new Map<Socket, Socket>();
  private readonly startupMessages = new Map<Socket, string>();
  /** null: forwarding; '': everything cut; otherwise only connections whose startup message contains it. */
  private cut: string | null = null;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    return address.port;
  }

  /**
   * Cuts every connection, or with `applicationName` only the connections of that Postgres
   * application_name (it is in the startup message), e.g. one pool of a process and not the other.
   */
  disconnect(applicationName = ''): void {
    this.cut = applicationName;
    for (const [client, upstream] of this.clients)
      if (this.isCut(this.startupMessages.get(client) ?? '')) {
        client.destroy();
        upstream.destroy();
      }
  }

  restore(): void {
    this.cut = null;
  }

  private isCut(startupMessage: string): boolean {
    return this.cut !== null && startupMessage.includes(this.cut);
  }

  async close(): Promise<void> {
    this.disconnect();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private accept(client: Socket): void {
    if (this.cut === '') {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(this.targetPort, this.targetHost);
    this.clients.set(client, upstream);
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.clients.delete(client);
        this.startupMessages.delete(client);
        client.destroy();
        upstream.destroy();
      });
    }
    client.once('data', (startup: Buffer) => {
      const message = startup.toString('latin1');
      if (this.isCut(message)) {
        client.destroy();
        return;
      }
      this.startupMessages.set(client, message);
      upstream.write(startup);
      // Piped in the same tick as the first chunk, so no later chunk is missed.
      client.pipe(upstream).pipe(client);
    });
  }
}

/** The billing group's progress on the stream: entries read, still pending, and not yet read. */
export async function groupProgress(
  redis: Redis,
  env: BillingWorkerEnv,
): Promise<{ read: number; pending: number; lag: number; acknowledged: number }> {
  const groups = (await redis.xinfo('GROUPS', streamKeyOf(env))) as unknown[][];
  const billing = groups
    .map((fields) => Object.fromEntries(pairs(fields)))
    .find((group) => group.name === 'billing');
  if (!billing) throw new Error('no billing group');
  const read = Number(billing['entries-read'] ?? 0);
  const pending = Number(billing.pending ?? 0);
  return { read, pending, lag: Number(billing.lag ?? 0), acknowledged: read - pending };
}

function pairs(fields: unknown[]): [string, unknown][] {
  const result: [string, unknown][] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) result.push([String(fields[i]), fields[i + 1]]);
  return result;
}
