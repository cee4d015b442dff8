#!/usr/bin/env node
// Many concurrent slow streams through a proxy (the gateway), and what they cost it in memory.
//
// Opens --streams (default 1000) streaming chat requests at once (ramped over --ramp-ms) against
// --url, each asking the fake upstream for a slow reply via x-fake-* headers (the gateway forwards
// them to deployments tagged demo/test), and reads each reply slowly (--read-delay-ms after every
// chunk). Meanwhile it samples the proxy's memory from /proc (VmRSS, VmHWM, open fds, CPU). Each
// wave ends when every stream has ended; then the client closes its sockets and everything idles
// for --idle-s seconds before the "after" sample. Two waves by default, so growth that repeats
// (a leak) can be told from memory that is merely kept for reuse.
//
// Checks: status 200, every stream ends with `data: [DONE]`, carries content tokens, and nothing
// errors. Reports peak RSS, RSS after the idle, growth, time to first byte/token percentiles and
// how many streams were really flowing at once (the client's view: headers received, not ended).
// Only talks to the URL given (127.0.0.1 in bench.sh); every loop is bounded by count and time.
import { Pool, WebSocket } from 'undici';
import { setMaxListeners } from 'node:events';
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

const HELP = `slow-streams.mjs — N concurrent slow SSE streams through a proxy; its RSS before/peak/after

  --url URL            proxy base URL (paths /v1/... are appended)             (required)
  --header "K: V"      request header (repeatable), e.g. "Authorization: Bearer sk-..."
  --pid PID[,PID]      process(es) to sample (child processes included)         (required)
  --name NAME          label in the report (default: proxy)
  --streams N          concurrent streams per wave (default 1000)
  --waves N            waves (default 2)
  --tokens N           tokens per reply -> x-fake-tokens (default 300)
  --itl-ms N           inter-token delay -> x-fake-itl-ms (default 50)
  --ttft-ms N          -> x-fake-ttft-ms (default 0)
  --read-delay-ms N    client pause after each chunk it reads (default 100)
  --ramp-ms N          spread the stream starts over this long (default 2000)
  --idle-s S           idle time after a wave before the "after" sample (default 15)
  --warmup N           short streams sent first, before the "before" sample (default 50)
  --wave-timeout-s S   hard limit per wave; streams still open are aborted (default 240)
  --sample-ms N        sampling period (default 250)
  --model M            (default gpt-4o-mini)
  --inspect-port N     the target's --inspect port: force a full GC before the before/after samples
                       and report its V8 heap too (RSS is also reported without the forced GC)
  --out FILE           JSON result (default: none)   --json   JSON on stdout instead of text`;

function parseArgs(argv) {
  const o = { header: [] };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a === '-h' || a === '--help') return { help: true };
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    a = a.slice(2);
    let v;
    const eq = a.indexOf('=');
    if (eq !== -1) [a, v] = [a.slice(0, eq), a.slice(eq + 1)];
    if (a === 'json') {
      o.json = true;
      continue;
    }
    if (v === undefined) v = argv[++i];
    if (v === undefined) throw new Error(`--${a} needs a value`);
    if (a === 'header') o.header.push(v);
    else o[a] = v;
  }
  return o;
}

// ---------------------------------------------------------------- /proc
let CLK_TCK = 100;
try {
  CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {}
const read = (p) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
};
function tree(pid, seen = new Set()) {
  if (seen.has(pid) || !existsSync(`/proc/${pid}`)) return seen;
  seen.add(pid);
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {}
  for (const t of tasks) {
    const kids = read(`/proc/${pid}/task/${t}/children`).trim();
    if (kids) for (const k of kids.split(/\s+/)) tree(Number(k), seen);
  }
  return seen;
}
function sample(pids) {
  let rss = 0,
    hwm = 0,
    fds = 0,
    ticks = 0,
    alive = 0;
  for (const root of pids)
    for (const pid of tree(root)) {
      const s = read(`/proc/${pid}/status`);
      if (!s) continue;
      alive++;
      rss += Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
      hwm += Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0);
      try {
        fds += readdirSync(`/proc/${pid}/fd`).length;
      } catch {}
      const st = read(`/proc/${pid}/stat`);
      if (st) {
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        ticks += Number(f[11]) + Number(f[12]);
      }
    }
  return { t: performance.now(), rssKb: rss, hwmKb: hwm, fds, cpuMs: (ticks * 1000) / CLK_TCK, alive };
}

/** System-wide TCP listen-queue overflows (a SYN dropped because accept() lagged; the client
 * retries after 1 s, 3 s, ...): /proc/net/netstat TcpExt ListenOverflows. */
function listenOverflows() {
  const lines = read('/proc/net/netstat')
    .split('\n')
    .filter((l) => l.startsWith('TcpExt:'));
  if (lines.length < 2) return null;
  const names = lines[0].split(/\s+/);
  const values = lines[1].split(/\s+/);
  const i = names.indexOf('ListenOverflows');
  return i === -1 ? null : Number(values[i]);
}

// ---------------------------------------------------------------- inspector (optional)
// With --inspect-port, the target runs with --inspect=127.0.0.1:PORT: a full GC can be forced
// before each "after" sample and the V8 heap read, so memory kept for reuse is not taken for a leak.
async function inspect(port, expression) {
  const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const wsUrl = list[0]?.webSocketDebuggerUrl;
  if (!wsUrl) throw new Error('no inspector target');
  const ws = new WebSocket(wsUrl);
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
      const t = setTimeout(() => ko(new Error(`inspector ${method} timed out`)), 30_000);
      pending.set(i, (msg) => {
        clearTimeout(t);
        msg.error ? ko(new Error(msg.error.message)) : ok(msg.result);
      });
      ws.send(JSON.stringify({ id: i, method, params }));
    });
  try {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.disable');
    const r = await call('Runtime.evaluate', { expression, returnByValue: true });
    return r.result?.value;
  } finally {
    ws.close();
  }
}
async function gcAndHeap(port) {
  if (!port) return null;
  const v = await inspect(port, 'JSON.stringify(process.memoryUsage())');
  const m = JSON.parse(v);
  return {
    rssKb: Math.round(m.rss / 1024),
    heapUsedKb: Math.round(m.heapUsed / 1024),
    heapTotalKb: Math.round(m.heapTotal / 1024),
    externalKb: Math.round(m.external / 1024),
    arrayBuffersKb: Math.round(m.arrayBuffers / 1024),
  };
}

// ---------------------------------------------------------------- stats helpers
function pct(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const r1 = (v) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
function dist(xs) {
  const s = Float64Array.from(xs).sort();
  if (!s.length) return { n: 0 };
  return {
    n: s.length,
    p50: r1(pct(s, 0.5)),
    p90: r1(pct(s, 0.9)),
    p99: r1(pct(s, 0.99)),
    max: r1(s[s.length - 1]),
  };
}
const mib = (kb) => Math.round((kb / 1024) * 10) / 10;

// ---------------------------------------------------------------- one stream
async function oneStream(pool, cfg, body, headers, live, signal) {
  const r = {
    ok: false,
    status: 0,
    error: null,
    ttfbMs: null,
    ttftMs: null,
    totalMs: null,
    bytes: 0,
    done: false,
  };
  const t0 = performance.now();
  let res;
  try {
    res = await pool.request({
      path: cfg.basePath + '/v1/chat/completions',
      method: 'POST',
      headers,
      body,
      signal,
    });
  } catch (e) {
    r.error = `net:${e.code ?? e.name}`;
    return r;
  }
  r.status = res.statusCode;
  r.ttfbMs = performance.now() - t0;
  live.active++;
  if (live.active > live.peakActive) live.peakActive = live.active;
  let tail = '';
  try {
    for await (const chunk of res.body) {
      r.bytes += chunk.length;
      const s = chunk.toString('latin1');
      if (r.ttftMs === null && /"content":"[^"]/.test(tail + s)) {
        r.ttftMs = performance.now() - t0;
        live.flowing++;
        if (live.flowing > live.peakFlowing) live.peakFlowing = live.flowing;
      }
      tail = (tail + s).slice(-64);
      if (cfg.readDelayMs > 0) await sleep(cfg.readDelayMs); // a slow reader
    }
  } catch (e) {
    r.error = `body:${e.code ?? e.name}`;
  } finally {
    live.active--;
    if (r.ttftMs !== null) live.flowing--;
  }
  r.totalMs = performance.now() - t0;
  if (r.error) return r;
  r.done = tail.includes('data: [DONE]');
  if (r.status !== 200) r.error = `http_${r.status}`;
  else if (!r.done) r.error = 'no_[DONE]';
  else if (r.ttftMs === null) r.error = 'no_content';
  else r.ok = true;
  return r;
}

// ---------------------------------------------------------------- one wave
async function wave(cfg, n, { tokens, itlMs, ttftMs, readDelayMs, rampMs, timeoutS }, pids, samples) {
  const body = JSON.stringify({
    model: cfg.model,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Tell me a long story about a slow river, one word at a time.' }],
  });
  const headers = {
    'content-type': 'application/json',
    ...cfg.headers,
    'x-fake-tokens': String(tokens),
    'x-fake-itl-ms': String(itlMs),
    'x-fake-ttft-ms': String(ttftMs),
  };
  const pool = new Pool(cfg.origin, {
    connections: n,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: timeoutS * 1000,
    bodyTimeout: timeoutS * 1000,
  });
  const ac = new AbortController();
  setMaxListeners(0, ac.signal); // one listener per open stream
  const live = { active: 0, peakActive: 0, flowing: 0, peakFlowing: 0 };
  const wcfg = { ...cfg, readDelayMs };
  const t0 = performance.now();
  const overflows0 = listenOverflows();
  const s0 = sample(pids);
  let peak = s0;
  const timer = setInterval(() => {
    const s = sample(pids);
    s.active = live.active;
    s.flowing = live.flowing;
    samples.push(s);
    if (s.rssKb > peak.rssKb) peak = s;
  }, cfg.sampleMs);
  const deadline = setTimeout(() => ac.abort(), timeoutS * 1000);
  const jobs = [];
  for (let i = 0; i < n; i++) {
    const at = n > 1 ? (rampMs * i) / (n - 1) : 0;
    const wait = at - (performance.now() - t0);
    if (wait > 1) await sleep(wait);
    if (ac.signal.aborted) break;
    jobs.push(oneStream(pool, wcfg, body, headers, live, ac.signal));
  }
  const results = await Promise.all(jobs);
  const elapsedS = (performance.now() - t0) / 1000;
  clearTimeout(deadline);
  clearInterval(timer);
  const s1 = sample(pids);
  if (s1.rssKb > peak.rssKb) peak = s1;
  await pool.close().catch(() => {});
  const errors = {};
  for (const r of results) if (r.error) errors[r.error] = (errors[r.error] || 0) + 1;
  const ok = results.filter((r) => r.ok);
  const overflows1 = listenOverflows();
  const ttfbBuckets = { '<0.1s': 0, '0.1-1s': 0, '1-2s': 0, '2-5s': 0, '5-15s': 0, '>=15s': 0 };
  for (const r of ok) {
    const t = r.ttfbMs / 1000;
    ttfbBuckets[
      t < 0.1 ? '<0.1s' : t < 1 ? '0.1-1s' : t < 2 ? '1-2s' : t < 5 ? '2-5s' : t < 15 ? '5-15s' : '>=15s'
    ]++;
  }
  return {
    streams: n,
    started: results.length,
    ok: ok.length,
    withDone: results.filter((r) => r.done).length,
    errors,
    aborted: ac.signal.aborted,
    elapsedS: r1(elapsedS),
    peakActive: live.peakActive,
    peakFlowing: live.peakFlowing,
    ttfbMs: dist(ok.map((r) => r.ttfbMs)),
    ttfbBuckets,
    listenOverflows: overflows0 === null || overflows1 === null ? null : overflows1 - overflows0,
    ttftMs: dist(ok.map((r) => r.ttftMs)),
    totalMs: dist(ok.map((r) => r.totalMs)),
    bytesPerStream: ok.length ? Math.round(ok.reduce((a, r) => a + r.bytes, 0) / ok.length) : 0,
    peak: { rssKb: peak.rssKb, hwmKb: s1.hwmKb, fds: Math.max(...samples.map((s) => s.fds), s1.fds) },
    proxyCpuMs: Math.round(s1.cpuMs - s0.cpuMs),
    proxyCpuMsPerStream: results.length
      ? Math.round(((s1.cpuMs - s0.cpuMs) / results.length) * 100) / 100
      : null,
  };
}

export async function main(argv = process.argv.slice(2)) {
  const a = parseArgs(argv);
  if (a.help) return console.log(HELP);
  if (!a.url || !a.pid) throw new Error('--url and --pid are required (see --help)');
  const url = new URL(a.url);
  const headers = {};
  for (const h of a.header) {
    const i = h.indexOf(':');
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  const num = (k, d) => (a[k] === undefined ? d : Number(a[k]));
  const cfg = {
    name: a.name ?? 'proxy',
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ''),
    headers,
    model: a.model ?? 'gpt-4o-mini',
    sampleMs: num('sample-ms', 250),
  };
  const pids = String(a.pid).split(',').map(Number);
  const streams = num('streams', 1000);
  const waves = Math.max(1, Math.min(10, num('waves', 2)));
  const idleS = num('idle-s', 15);
  const load = {
    tokens: num('tokens', 300),
    itlMs: num('itl-ms', 50),
    ttftMs: num('ttft-ms', 0),
    readDelayMs: num('read-delay-ms', 100),
    rampMs: num('ramp-ms', 2000),
    timeoutS: num('wave-timeout-s', 240),
  };
  const log = (s) => {
    if (!a.json) process.stderr.write(s);
  };
  const samples = [];
  const startedAt = new Date().toISOString();
  const loadStart = loadavg();
  if (!existsSync(`/proc/${pids[0]}`)) throw new Error(`no process ${pids[0]}`);

  // Warm-up: load the code paths and fill the caches, so "before" is a warm, idle process.
  const warm = num('warmup', 50);
  if (warm > 0) {
    log(`warm-up: ${warm} short streams ... `);
    const w = await wave(
      cfg,
      warm,
      { tokens: 16, itlMs: 0, ttftMs: 0, readDelayMs: 0, rampMs: 0, timeoutS: 60 },
      pids,
      [],
    );
    log(`${w.ok}/${warm} ok\n`);
    if (w.ok === 0) throw new Error(`warm-up failed: ${JSON.stringify(w.errors)}`);
    await sleep(Math.min(idleS, 5) * 1000);
  }
  const inspectPort = a['inspect-port'] ? Number(a['inspect-port']) : 0;
  const beforeNoGc = sample(pids);
  const beforeHeap = await gcAndHeap(inspectPort);
  const before = sample(pids);
  log(
    `before: RSS ${mib(beforeNoGc.rssKb)} MiB${beforeHeap ? ` (${mib(before.rssKb)} MiB after a forced GC, heap used ${mib(beforeHeap.heapUsedKb)} MiB)` : ''}, peak so far (VmHWM) ${mib(before.hwmKb)} MiB, ${before.fds} fds\n`,
  );

  const results = [];
  for (let i = 1; i <= waves; i++) {
    log(
      `wave ${i}/${waves}: ${streams} streams × ${load.tokens} tokens @ ${load.itlMs} ms, reader pausing ${load.readDelayMs} ms per chunk ... `,
    );
    const w = await wave(cfg, streams, load, pids, samples);
    log(
      `${w.ok}/${streams} ok in ${w.elapsedS} s, peak RSS ${mib(w.peak.rssKb)} MiB, ${w.peakFlowing} flowing at once${Object.keys(w.errors).length ? `, errors ${JSON.stringify(w.errors)}` : ''}\n`,
    );
    log(`  idle ${idleS} s (client sockets closed) ... `);
    await sleep(idleS * 1000);
    const idle = sample(pids);
    const heap = await gcAndHeap(inspectPort);
    const after = sample(pids);
    w.afterIdleNoGcRssKb = idle.rssKb;
    w.after = { rssKb: after.rssKb, hwmKb: after.hwmKb, fds: after.fds, heap };
    log(
      `RSS ${mib(idle.rssKb)} MiB${heap ? `, ${mib(after.rssKb)} MiB after a forced GC (heap used ${mib(heap.heapUsedKb)} MiB, external ${mib(heap.externalKb)} MiB)` : ''}, ${after.fds} fds\n`,
    );
    results.push(w);
  }
  const last = results[results.length - 1];
  const summary = {
    name: cfg.name,
    startedAt,
    loadavgStart: loadStart,
    loadavgEnd: loadavg(),
    config: { streams, waves, idleS, ...load, model: cfg.model, url: a.url },
    forcedGc: !!inspectPort,
    before: {
      rssKb: before.rssKb,
      noGcRssKb: beforeNoGc.rssKb,
      hwmKb: before.hwmKb,
      fds: before.fds,
      heap: beforeHeap,
    },
    waves: results,
    peakRssKb: Math.max(...results.map((w) => w.peak.rssKb)),
    vmHwmKb: last.peak.hwmKb,
    afterRssKb: last.after.rssKb,
    afterIdleNoGcRssKb: last.afterIdleNoGcRssKb,
    growthKb: last.after.rssKb - before.rssKb,
    growthBetweenWavesKb: results.length > 1 ? last.after.rssKb - results[0].after.rssKb : null,
    heapGrowthKb: beforeHeap && last.after.heap ? last.after.heap.heapUsedKb - beforeHeap.heapUsedKb : null,
    heapGrowthBetweenWavesKb:
      results.length > 1 && results[0].after.heap && last.after.heap
        ? last.after.heap.heapUsedKb - results[0].after.heap.heapUsedKb
        : null,
    totals: {
      streams: streams * waves,
      ok: results.reduce((n, w) => n + w.ok, 0),
      withDone: results.reduce((n, w) => n + w.withDone, 0),
      errors: results.reduce((e, w) => {
        for (const [k, v] of Object.entries(w.errors)) e[k] = (e[k] || 0) + v;
        return e;
      }, {}),
    },
  };
  if (a.out) {
    mkdirSync(dirname(a.out), { recursive: true });
    writeFileSync(a.out, JSON.stringify({ ...summary, samples }, null, 2));
  }
  if (a.json) {
    console.log(JSON.stringify(summary, null, 2));
    return summary;
  }
  const lines = [
    `== slow streams through ${cfg.name}: ${streams} × ${waves} waves, ${load.tokens} tokens @ ${load.itlMs} ms, reader pause ${load.readDelayMs} ms/chunk ==`,
    `streams ok ${summary.totals.ok}/${summary.totals.streams}, ended with [DONE] ${summary.totals.withDone}, errors ${JSON.stringify(summary.totals.errors)}`,
    `RSS before ${mib(before.rssKb)} MiB | peak ${mib(summary.peakRssKb)} MiB (VmHWM ${mib(summary.vmHwmKb)} MiB) | ` +
      `after ${idleS} s idle ${mib(summary.afterIdleNoGcRssKb)} MiB` +
      (inspectPort ? `, after a forced GC ${mib(summary.afterRssKb)} MiB` : '') +
      ` | growth ${mib(summary.growthKb)} MiB` +
      (summary.growthBetweenWavesKb !== null
        ? ` (after wave ${waves} vs after wave 1: ${mib(summary.growthBetweenWavesKb)} MiB)`
        : ''),
  ];
  if (summary.heapGrowthKb !== null)
    lines.push(
      `V8 heap used after GC: before ${mib(beforeHeap.heapUsedKb)} MiB, after ${mib(last.after.heap.heapUsedKb)} MiB (growth ${mib(summary.heapGrowthKb)} MiB` +
        (summary.heapGrowthBetweenWavesKb !== null
          ? `, wave ${waves} vs wave 1: ${mib(summary.heapGrowthBetweenWavesKb)} MiB)`
          : ')'),
    );
  for (const [i, w] of results.entries())
    lines.push(
      `wave ${i + 1}: ${w.ok}/${w.streams} ok in ${w.elapsedS} s; flowing at once (client view) peak ${w.peakFlowing}; ` +
        `ttfb p50/p99/max ${w.ttfbMs.p50}/${w.ttfbMs.p99}/${w.ttfbMs.max} ms; ttft p50/p99/max ${w.ttftMs.p50}/${w.ttftMs.p99}/${w.ttftMs.max} ms; ` +
        `stream p50/max ${w.totalMs.p50}/${w.totalMs.max} ms; peak RSS ${mib(w.peak.rssKb)} MiB, fds ${w.peak.fds}; after ${mib(w.after.rssKb)} MiB, ${w.after.fds} fds; ` +
        `CPU ${w.proxyCpuMsPerStream} ms/stream`,
      `        time to first byte: ${Object.entries(w.ttfbBuckets)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ` +
        `TCP listen-queue overflows during the wave (system-wide): ${w.listenOverflows ?? '?'}`,
    );
  console.log(lines.join('\n'));
  if (a.out) console.log(`JSON: ${a.out}`);
  return summary;
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
