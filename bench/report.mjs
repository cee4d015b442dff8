#!/usr/bin/env node
// Headline figures of one bench run against the gateway's performance targets.
//
//   node report.mjs --dir bench-results/<run>        (reads latency.json and/or saturate.json)
//   node report.mjs --latency L.json --saturate S.json [--markdown]
//
// Every delta is paired within a round (target − baseline measured in the same round), then the
// median [min..max] over rounds is shown, as overhead.mjs does.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
const dir = opt('dir');
const markdown = argv.includes('--markdown');
const load = (f) => (f && existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const lat = load(opt('latency') ?? (dir && join(dir, 'latency.json')));
const sat = load(opt('saturate') ?? (dir && join(dir, 'saturate.json')));
if (!lat && !sat) {
  console.error('usage: node report.mjs --dir RUN_DIR | --latency FILE --saturate FILE [--markdown]');
  process.exit(2);
}

const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x));
  return s.length ? { med: median(s), min: Math.min(...s), max: Math.max(...s) } : null;
};
function fmt(sp, d = 3) {
  if (!sp) return '–';
  const f = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(d));
  return sp.min === sp.max ? f(sp.med) : `${f(sp.med)} [${f(sp.min)}..${f(sp.max)}]`;
}

/** Per-round values of f(cell of target) (or f(a) − f(b) when b is given), over rounds. */
function perRound(res, scenario, a, f, b, op = (x, y) => x - y, fb = f) {
  if (!res) return null;
  const cells = res.cells.filter((c) => c.scenario === scenario);
  const rounds = [...new Set(cells.map((c) => c.round))];
  const vals = rounds.map((r) => {
    const ca = cells.find((c) => c.round === r && c.target === a);
    if (!ca) return null;
    const va = f(ca);
    if (!b) return va;
    const cb = cells.find((c) => c.round === r && c.target === b);
    const vb = cb ? fb(cb) : null;
    return va == null || vb == null ? null : op(va, vb);
  });
  return spread(vals);
}
const p50 = (c) => c.latencyMs?.p50;
const p99 = (c) => c.latencyMs?.p99;
const ttft = (c) => c.ttftMs?.p50;
const rps = (c) => c.rps;
const cpu = (name) => (c) => c.cpuMsPerReq?.[name] ?? null;
const errs = (res) =>
  res ? res.cells.reduce((n, c) => n + Object.values(c.errors ?? {}).reduce((a, b) => a + b, 0), 0) : 0;

const rows = [];
const verdict = (sp, ok) => (sp ? (ok(sp.med) ? 'met' : 'NOT met') : '–');
const add = (figure, target, gateway, bare, gwVsBare, status) =>
  rows.push({ figure, target, gateway, bare, gwVsBare, status });

if (lat) {
  const has = (s) => lat.cells.some((c) => c.scenario === s);
  if (has('chat@1')) {
    const g = perRound(lat, 'chat@1', 'gateway', p50, 'direct');
    add(
      'chat c=1: added p50 (ms, vs direct)',
      '≤ 0.4',
      fmt(g),
      fmt(perRound(lat, 'chat@1', 'bare', p50, 'direct')),
      fmt(perRound(lat, 'chat@1', 'gateway', p50, 'bare')),
      verdict(g, (v) => v <= 0.4),
    );
    const g99 = perRound(lat, 'chat@1', 'gateway', p99, 'direct');
    add(
      'chat c=1: added p99 (ms, vs direct)',
      '≤ 1',
      fmt(g99),
      fmt(perRound(lat, 'chat@1', 'bare', p99, 'direct')),
      fmt(perRound(lat, 'chat@1', 'gateway', p99, 'bare')),
      verdict(g99, (v) => v <= 1),
    );
    const c1 = perRound(lat, 'chat@1', 'gateway', cpu('gateway'));
    add(
      'chat c=1: proxy CPU ms/req',
      '≤ 0.25',
      fmt(c1),
      fmt(perRound(lat, 'chat@1', 'bare', cpu('bare'))),
      '',
      verdict(c1, (v) => v <= 0.25),
    );
  }
  for (const s of ['chat@64', 'chat@32']) {
    if (!has(s)) continue;
    const c = perRound(lat, s, 'gateway', cpu('gateway'));
    add(
      `chat c=${s.split('@')[1]}: proxy CPU ms/req`,
      '≤ 0.25',
      fmt(c),
      fmt(perRound(lat, s, 'bare', cpu('bare'))),
      '',
      verdict(c, (v) => v <= 0.25),
    );
    add(
      `chat c=${s.split('@')[1]}: req/s ratio to direct (closed loop, node client)`,
      '',
      fmt(perRound(lat, s, 'gateway', rps, 'direct', (x, y) => x / y)),
      fmt(perRound(lat, s, 'bare', rps, 'direct', (x, y) => x / y)),
      fmt(perRound(lat, s, 'gateway', rps, 'bare', (x, y) => x / y)),
      '',
    );
  }
  if (has('stream@1')) {
    const t = perRound(lat, 'stream@1', 'gateway', ttft, 'direct');
    add(
      'stream c=1: added TTFT p50 (ms, vs direct)',
      '≤ 0.5',
      fmt(t),
      fmt(perRound(lat, 'stream@1', 'bare', ttft, 'direct')),
      fmt(perRound(lat, 'stream@1', 'gateway', ttft, 'bare')),
      verdict(t, (v) => v <= 0.5),
    );
    add(
      'stream c=1: added total p50 (ms, 64 tokens)',
      '',
      fmt(perRound(lat, 'stream@1', 'gateway', p50, 'direct')),
      fmt(perRound(lat, 'stream@1', 'bare', p50, 'direct')),
      fmt(perRound(lat, 'stream@1', 'gateway', p50, 'bare')),
      '',
    );
  }
  for (const s of ['stream@64', 'stream@32', 'messages-stream@8']) {
    if (!has(s)) continue;
    add(
      `${s}: added TTFT p50 (ms, vs direct)`,
      '',
      fmt(perRound(lat, s, 'gateway', ttft, 'direct')),
      fmt(perRound(lat, s, 'bare', ttft, 'direct')),
      fmt(perRound(lat, s, 'gateway', ttft, 'bare')),
      '',
    );
    add(
      `${s}: proxy CPU ms/stream`,
      '',
      fmt(perRound(lat, s, 'gateway', cpu('gateway'))),
      fmt(perRound(lat, s, 'bare', cpu('bare'))),
      '',
      '',
    );
  }
}
if (sat) {
  for (const s of [...new Set(sat.cells.map((c) => c.scenario))]) {
    const c = s.split('@')[1];
    const ratio = perRound(sat, s, 'gateway', rps, 'bare', (x, y) => x / y);
    add(
      `saturation c=${c}: req/s`,
      '',
      fmt(perRound(sat, s, 'gateway', rps), 0),
      fmt(perRound(sat, s, 'bare', rps), 0),
      '',
      '',
    );
    add(
      `saturation c=${c}: req/s gateway ÷ bare`,
      '≥ 0.40',
      '',
      '',
      fmt(ratio),
      verdict(ratio, (v) => v >= 0.4),
    );
    // On a shared box the req/s ceiling moves with whatever else runs; CPU per request does not
    // (much): bare CPU/req ÷ gateway CPU/req is the throughput ratio per core.
    const perCore = perRound(
      sat,
      s,
      'bare',
      cpu('bare'),
      'gateway',
      (b, g) => (g > 0 ? b / g : null),
      cpu('gateway'),
    );
    add(
      `saturation c=${c}: req/s per CPU, gateway ÷ bare`,
      '≥ 0.40',
      '',
      '',
      fmt(perCore),
      verdict(perCore, (v) => v >= 0.4),
    );
    const cg = perRound(sat, s, 'gateway', cpu('gateway'));
    add(
      `saturation c=${c}: proxy CPU ms/req`,
      '≤ 0.25',
      fmt(cg),
      fmt(perRound(sat, s, 'bare', cpu('bare'))),
      '',
      verdict(cg, (v) => v <= 0.25),
    );
    add(
      `saturation c=${c}: direct (upstream alone) req/s`,
      '',
      '',
      '',
      fmt(perRound(sat, s, 'direct', rps), 0),
      '',
    );
  }
}

const head = ['figure', 'target', 'gateway', 'bare', 'gateway − bare (÷ for ratios)', 'status'];
const keys = ['figure', 'target', 'gateway', 'bare', 'gwVsBare', 'status'];
const env = (lat ?? sat).env;
const meta = `engine ${[lat?.env.engine, sat?.env.engine].filter(Boolean).join('/')}; node ${env.node}; ${env.cpus} CPUs; loadavg at start ${env.loadavgStart.map((x) => x.toFixed(2)).join(' ')}; errors: latency ${errs(lat)}, saturation ${errs(sat)}`;
if (markdown) {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${keys.map((k) => r[k]).join(' | ')} |`);
  console.log(`\n${meta}`);
} else {
  console.log('\n== headline figures: median [min..max] over interleaved rounds ==');
  const all = [head, ...rows.map((r) => keys.map((k) => r[k]))];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  for (const r of all) console.log(r.map((c, i) => String(c).padEnd(w[i])).join('  '));
  console.log(meta);
}
