import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A built app (its dist/main.js) running as a child process: what production runs, so a kill is a real crash. */
export type AppProcess = {
  child: ChildProcess;
  /** The match of the start-up line that said it was ready. */
  ready: RegExpExecArray;
  /** Everything the process wrote so far (stdout and stderr), for assertions and failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, nothing in flight is settled or released. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), then waits for the exit. */
  stop(): Promise<void>;
};

/**
 * Starts `node <main>` with only PATH and `env` in its environment and waits (30 s at most) until its output matches
 * `readyLine`; fails with the output if it exits first.
 */
export async function startAppProcess(
  main: string,
  env: Record<string, string>,
  readyLine: RegExp,
): Promise<AppProcess> {
  if (!existsSync(main))
    throw new Error(`${main} is missing: build the app first (npx nx run-many -t build)`);
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ready = await new Promise<RegExpExecArray>((resolve, fail) => {
    const timer = setTimeout(() => fail(new Error(`${main} did not start:\n${output}`)), 30_000);
    const poll = setInterval(() => {
      const match = readyLine.exec(output);
      if (!match) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve(match);
    }, 50);
    void exited.then(() => {
      clearInterval(poll);
      clearTimeout(timer);
      fail(new Error(`${main} exited during start-up:\n${output}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { child, ready, output: () => output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
