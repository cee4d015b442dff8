#!/usr/bin/env node
// CLI entry: `demo-upstream [flags]`; prints one line once listening, stops on SIGINT/SIGTERM.
import { OptionsError, parseCli } from './options.js';
import { startDemoUpstream } from './index.js';

async function main(): Promise<void> {
  const command = parseCli(process.argv.slice(2), process.env);
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return;
  }
  const upstream = await startDemoUpstream(command.options);
  if (!command.quiet) process.stdout.write(`demo-upstream listening on ${upstream.url}\n`);
  const stop = (): void => {
    upstream.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  // Bad flags are the user's to fix: say what is wrong, no stack trace.
  if (err instanceof OptionsError) process.stderr.write(`demo-upstream: ${err.message}\n(see --help)\n`);
  else
    process.stderr.write(
      `demo-upstream: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  process.exit(err instanceof OptionsError ? 2 : 1);
});
