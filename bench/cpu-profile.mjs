#!/usr/bin/env node
// CPU-profiles a running Node process for exactly the duration of a command (a load), through
// the V8 inspector: the process must run with --inspect=127.0.0.1:PORT. Unlike --cpu-prof, the
// profile holds no start-up or shutdown work.
//
//   node cpu-profile.mjs --inspect-port 19329 --out gw.cpuprofile [--interval-us 500] \
//     [--alloc-out gw.heapprofile] -- node overhead.mjs ...
// --alloc-out also records V8's sampling heap profiler (where the bytes are allocated, a sample
// every 32 KiB) and prints the top allocating functions.
import { WebSocket } from 'undici';
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep === -1 || sep === argv.length - 1) {
  console.error(
    'usage: node cpu-profile.mjs --inspect-port N --out FILE [--interval-us N] -- COMMAND [ARGS...]',
  );
  process.exit(2);
}
const own = argv.slice(0, sep);
const cmd = argv.slice(sep + 1);
const opt = (n, d) => {
  const i = own.indexOf(`--${n}`);
  return i === -1 ? d : own[i + 1];
};
const port = Number(opt('inspect-port'));
const out = opt('out');
const intervalUs = Number(opt('interval-us', 500));
const allocOut = opt('alloc-out');
if (!port || !out) {
  console.error('--inspect-port and --out are required');
  process.exit(2);
}

const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(list[0].webSocketDebuggerUrl);
await new Promise((ok, ko) => {
  ws.addEventListener('open', ok, { once: true });
  ws.addEventListener('error', ko, { once: true });
});
let id = 0;
const pending = new Map();
ws.addEventListener('message', (m) => {
  const msg = JSON.parse(String(m.data));
  if (msg.id && pending.has(msg.id)) pending.get(msg.id)(msg);
});
const call = (method, params = {}) =>
  new Promise((ok, ko) => {
    const i = ++id;
    pending.set(i, (msg) => (msg.error ? ko(new Error(`${method}: ${msg.error.message}`)) : ok(msg.result)));
    ws.send(JSON.stringify({ id: i, method, params }));
  });

await call('Profiler.enable');
await call('Profiler.setSamplingInterval', { interval: intervalUs });
await call('Profiler.start');
if (allocOut) {
  await call('HeapProfiler.enable');
  // Keep samples of objects already collected too: this is about allocation rate, not retention.
  await call('HeapProfiler.startSampling', {
    samplingInterval: 32768,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}
const code = await new Promise((resolve) => {
  const child = spawn(cmd[0], cmd.slice(1), { stdio: 'inherit' });
  child.on('close', (c) => resolve(c ?? 1));
});
const { profile } = await call('Profiler.stop');
await call('Profiler.disable');
if (allocOut) {
  const { profile: heap } = await call('HeapProfiler.stopSampling');
  await call('HeapProfiler.disable');
  mkdirSync(dirname(allocOut), { recursive: true });
  writeFileSync(allocOut, JSON.stringify(heap));
  printAllocTop(heap);
}
ws.close();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(profile));
process.stderr.write(`profile: ${out}\n`);
process.exit(code);

/** Top allocation sites (self bytes) of a sampling heap profile. */
function printAllocTop(heap, top = 25) {
  const agg = new Map();
  let total = 0;
  const walk = (n) => {
    const cf = n.callFrame;
    const url = cf.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '');
    const k = `${cf.functionName || '(anonymous)'}  ${url}${url ? `:${cf.lineNumber + 1}` : ''}`;
    agg.set(k, (agg.get(k) ?? 0) + n.selfSize);
    total += n.selfSize;
    for (const c of n.children ?? []) walk(c);
  };
  walk(heap.head);
  const rows = [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const lines = [
    `allocations sampled: ${(total / 1048576).toFixed(1)} MiB (sampling estimate); top sites by self bytes:`,
  ];
  for (const [k, v] of rows)
    lines.push(
      `${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1048576).toFixed(1).padStart(7)} MiB  ${k}`,
    );
  process.stdout.write(lines.join('\n') + '\n');
}
