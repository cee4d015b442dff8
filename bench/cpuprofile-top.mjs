#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): top functions by self time, by inclusive time,
// and self time per package/file group. No dependencies.
//
//   node cpuprofile-top.mjs PROFILE.cpuprofile [--top 25] [--root /work/main] [--json]
//   node cpuprofile-top.mjs PROFILE.cpuprofile --callers FUNCTION [--depth 6]   who calls FUNCTION (self time)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function parseArgs(argv) {
  const o = { files: [], top: 25, root: process.cwd(), json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--top') o.top = Number(argv[++i]);
    else if (a === '--root') o.root = argv[++i];
    else if (a === '--json') o.json = true;
    else if (a === '--callers') o.callers = argv[++i];
    else if (a === '--depth') o.depth = Number(argv[++i]);
    else if (a === '-h' || a === '--help') o.help = true;
    else o.files.push(a);
  }
  return o;
}

function shortUrl(url, root) {
  if (!url) return '';
  let u = url;
  if (u.startsWith('file://')) {
    try {
      u = fileURLToPath(u);
    } catch {}
  }
  const nm = u.lastIndexOf('/node_modules/');
  if (nm !== -1) return u.slice(nm + 1);
  if (root && u.startsWith(root + '/')) return u.slice(root.length + 1);
  return u;
}

/** Where a frame belongs: a package, one of our workspaces, node internals, or a V8 pseudo-frame. */
function groupOf(fn, url) {
  if (!url) return fn.startsWith('(') ? fn : '(native/builtin)';
  if (url.startsWith('node:')) return 'node: internals';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const w = /^(apps|libs|tools)\/([^/]+)\//.exec(url);
  if (w) return `${w[1]}/${w[2]}`;
  return url;
}

export function summarise(profile, { top = 25, root = '' } = {}) {
  const byId = new Map();
  const parent = new Map();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const key = (n) => {
    const cf = n.callFrame;
    const url = shortUrl(cf.url, root);
    const fn = cf.functionName || '(anonymous)';
    return { k: `${fn}\u0000${url}:${cf.lineNumber + 1}`, fn, url, line: cf.lineNumber + 1 };
  };
  const keys = new Map(); // node id -> key info
  for (const n of profile.nodes) keys.set(n.id, key(n));

  const self = new Map(),
    total = new Map(),
    groups = new Map();
  let all = 0,
    idle = 0;
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample lasts until the next one.
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000; // ms
    const id = samples[i];
    const k = keys.get(id);
    all += dt;
    if (k.fn === '(idle)') {
      idle += dt;
      continue;
    }
    self.set(k.k, (self.get(k.k) ?? 0) + dt);
    const g = groupOf(k.fn, k.url);
    groups.set(g, (groups.get(g) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = keys.get(cur).k;
      if (seen.has(kk)) continue;
      seen.add(kk);
      total.set(kk, (total.get(kk) ?? 0) + dt);
    }
  }
  const busy = all - idle;
  const info = new Map([...keys.values()].map((k) => [k.k, k]));
  const row = ([k, ms]) => {
    const i = info.get(k);
    return {
      function: i.fn,
      where: i.url ? `${i.url}:${i.line}` : '',
      ms: Math.round(ms * 10) / 10,
      pct: Math.round((ms / busy) * 1000) / 10,
    };
  };
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    sampledMs: Math.round(all),
    busyMs: Math.round(busy),
    idleMs: Math.round(idle),
    topSelf: sorted(self).slice(0, top).map(row),
    topTotal: sorted(total)
      .filter(([k]) => !['(root)'].includes(info.get(k).fn))
      .slice(0, top)
      .map(row),
    groups: sorted(groups).map(([g, ms]) => ({
      group: g,
      ms: Math.round(ms * 10) / 10,
      pct: Math.round((ms / busy) * 1000) / 10,
    })),
  };
}

function render(file, s, top) {
  const out = [`== ${file}`, `sampled ${s.sampledMs} ms, busy (not idle) ${s.busyMs} ms; % are of busy time`];
  const table = (title, rows, cols) => {
    out.push('', title);
    const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
    out.push(cols.map((c, i) => c.padEnd(w[i])).join('  '));
    for (const r of rows) out.push(cols.map((c, i) => String(r[c]).padEnd(w[i])).join('  '));
  };
  table(`top ${top} by self time`, s.topSelf, ['pct', 'ms', 'function', 'where']);
  table('self time by package / workspace', s.groups.slice(0, 20), ['pct', 'ms', 'group']);
  table(`top ${top} by inclusive time`, s.topTotal, ['pct', 'ms', 'function', 'where']);
  return out.join('\n');
}

const args = parseArgs(process.argv.slice(2));
if (args.help || args.files.length === 0) {
  console.log('usage: node cpuprofile-top.mjs FILE.cpuprofile... [--top N] [--root DIR] [--json]');
  process.exit(args.help ? 0 : 2);
}
/** Self time of FUNCTION split by the chain of its callers (depth frames up). */
function callers(profile, fn, depth, root) {
  const parent = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const agg = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    if (byId.get(samples[i]).callFrame.functionName !== fn) continue;
    const chain = [];
    for (
      let cur = parent.get(samples[i]), k = 0;
      cur !== undefined && k < depth;
      cur = parent.get(cur), k++
    ) {
      const cf = byId.get(cur).callFrame;
      chain.push(`${cf.functionName || '(anonymous)'} ${shortUrl(cf.url, root)}:${cf.lineNumber + 1}`);
    }
    const key = chain.join('\n    < ');
    agg.set(key, (agg.get(key) ?? 0) + (timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
}

const results = {};
if (args.callers) {
  for (const f of args.files)
    for (const [chain, ms] of callers(
      JSON.parse(readFileSync(f, 'utf8')),
      args.callers,
      args.depth ?? 6,
      args.root,
    ))
      console.log(`${ms.toFixed(1)} ms  ${args.callers}\n    < ${chain}`);
  process.exit(0);
}
for (const f of args.files) {
  const s = summarise(JSON.parse(readFileSync(f, 'utf8')), { top: args.top, root: args.root });
  results[f] = s;
  if (!args.json) console.log(render(f, s, args.top) + '\n');
}
if (args.json) console.log(JSON.stringify(results, null, 2));
