import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { freePort } from './private-redis';

const run = promisify(execFile);

/**
 * A three-node Redis Cluster of the test's own (three masters, no replicas, 16384 slots split by
 * `redis-cli --cluster create`), for code that must work when keys live on different nodes.
 */
export class LocalRedisCluster {
  private constructor(
    private readonly processes: ChildProcess[],
    readonly ports: number[],
    private readonly dir: string,
  ) {}

  static async start(): Promise<LocalRedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'llmguard-cluster-'));
    const ports = [await freePort(), await freePort(), await freePort()];
    const processes = ports.map((port) =>
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      ),
    );
    const cluster = new LocalRedisCluster(processes, ports, dir);
    try {
      for (const port of ports) await waitForPing(port);
      await run('redis-cli', [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      for (const port of ports) await waitForClusterOk(port);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  client(): Cluster {
    return new Cluster(
      this.ports.map((port) => ({ host: '127.0.0.1', port })),
      {
        redisOptions: { maxRetriesPerRequest: 1 },
      },
    );
  }

  async stop(): Promise<void> {
    for (const child of this.processes) child.kill('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function waitForPing(port: number): Promise<void> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // refused until the server listens: retried below
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        if (client.status !== 'ready') await client.connect();
        await client.ping();
        return;
      } catch {
        client.disconnect();
        await new Promise((done) => setTimeout(done, 50));
      }
    }
    throw new Error(`redis on ${port} did not start`);
  } finally {
    client.disconnect();
  }
}

async function waitForClusterOk(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
    if (stdout.includes('cluster_state:ok')) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`cluster node ${port} never reached cluster_state:ok`);
}
