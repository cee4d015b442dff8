#!/usr/bin/env node
// Copied from the shared bench kit and owned here; see bench/README.md.
// A/B overhead harness: runs the SAME closed-loop load against a baseline
// (usually the fake upstream, directly) and one or more proxies/gateways in
// front of it, interleaved round by round, and reports what each hop adds.
// Only figures from one run are comparable: the machine is shared and noisy,
// so read ratios and deltas against the baseline measured in the same run.
import { Pool } from 'undici';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const HERE = dirname(fileURLToPath(import.meta.url));

const HELP = `overhead.mjs — A/B(/C...) latency and throughput of a gateway against its upstream

Targets (the first is the baseline every other is compared with):
  --direct URL                 baseline, e.g. http://127.0.0.1:9000 (paths /v1/... are appended)
  --gateway URL                the gateway under test
  --target NAME=URL            more targets, in order (repeatable)
  --direct-header "K: V"       header for the baseline (repeatable)
  --gateway-header "K: V"      header for the gateway (repeatable), e.g. "Authorization: Bearer sk-..."
  --header NAME:"K: V"         header for target NAME (repeatable)
  --pid NAME=PID[,PID]         processes to meter (CPU ms/request, peak RSS). NAME = a target name
                               (its proxy) or any label (e.g. upstream); child processes are included
  --spawn-upstream             start fake-upstream.mjs as a child on --upstream-port and use it as
                               --direct unless --direct is given (its flags: --upstream-args "...")
  --upstream-port N            (default 9000)

Load:
  --scenarios LIST             kind@concurrency,... (default chat@1,chat@64,stream@1,stream@64)
                               kinds: chat, stream (OpenAI SSE), messages, messages-stream
                               (Anthropic), embeddings
  --rounds N                   interleaved rounds (default 3); target order alternates each round
  --duration S                 measured seconds per cell (default 5), or
  --requests N                 measured requests per cell instead of a duration
  --warmup S                   unrecorded seconds before each cell (default 1)
  --model M                    OpenAI-format model (default gpt-4o-mini)
  --anthropic-model M          model of the messages kinds (default claude-3-5-haiku-latest)
  --max-tokens N               (default: upstream's default)
  --prompt-chars N             user prompt size (default 400)
  --timeout-ms N               per request (default 60000)
  --pause-ms N                 idle time between cells (default 250)

Saturation:
  --saturate                   find max req/s per target: scenarios default to chat@128,
                               duration 10 s; uses wrk when installed (--engine node|wrk|auto)
  --sat-concurrency LIST       concurrencies to try, e.g. 64,128,256 (default 128); max is reported
  --wrk-threads N              wrk threads (default 1: leaves the other cores to the target)

Output: a table on stdout; full JSON to --out FILE (default bench-results/overhead-<time>.json).
  --json                       print the JSON to stdout instead of the table
  --selftest                   spawn a fake upstream and run a short A/A test (noise floor + smoke)`;

// ---------------------------------------------------------------- CLI
function parseArgs(argv) {
  const multi = new Set(['target', 'direct-header', 'gateway-header', 'header', 'pid']);
  const bools = new Set(['saturate', 'json', 'selftest', 'spawn-upstream', 'help']);
  const o = { target: [], 'direct-header': [], 'gateway-header': [], header: [], pid: [] };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a === '-h') a = '--help';
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    let key = a.slice(2);
    let val;
    const eq = key.indexOf('=');
    if (eq !== -1) {
      val = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    if (bools.has(key)) {
      o[key] = true;
      continue;
    }
    if (val === undefined) {
      val = argv[++i];
      if (val === undefined) throw new Error(`--${key} needs a value`);
    }
    if (multi.has(key)) o[key].push(val);
    else o[key] = val;
  }
  return o;
}

function parseHeader(s) {
  const i = s.indexOf(':');
  if (i <= 0) throw new Error(`bad header "${s}" (want "Name: value")`);
  return [s.slice(0, i).trim().toLowerCase(), s.slice(i + 1).trim()];
}

function buildConfig(args) {
  const saturate = !!args.saturate;
  const targets = [];
  const add = (name, url) => {
    if (targets.some((t) => t.name === name)) throw new Error(`duplicate target ${name}`);
    targets.push({ name, url: url.replace(/\/+$/, ''), headers: {} });
  };
  if (args.direct) add('direct', args.direct);
  if (args.gateway) add('gateway', args.gateway);
  for (const t of args.target) {
    const i = t.indexOf('=');
    add(t.slice(0, i), t.slice(i + 1));
  }
  const byName = (n) => {
    const t = targets.find((x) => x.name === n);
    if (!t) throw new Error(`no target named ${n}`);
    return t;
  };
  for (const h of args['direct-header']) {
    const [k, v] = parseHeader(h);
    byName('direct').headers[k] = v;
  }
  for (const h of args['gateway-header']) {
    const [k, v] = parseHeader(h);
    byName('gateway').headers[k] = v;
  }
  for (const h of args.header) {
    const i = h.indexOf(':');
    const [k, v] = parseHeader(h.slice(i + 1));
    byName(h.slice(0, i)).headers[k] = v;
  }
  const pids = {};
  for (const p of args.pid) {
    const i = p.indexOf('=');
    pids[p.slice(0, i)] = p
      .slice(i + 1)
      .split(',')
      .map(Number);
  }
  const satConc = String(args['sat-concurrency'] ?? '128')
    .split(',')
    .map(Number);
  const scen =
    args.scenarios ??
    (saturate ? satConc.map((c) => `chat@${c}`).join(',') : 'chat@1,chat@64,stream@1,stream@64');
  const scenarios = scen.split(',').map((s) => {
    const [kind, c] = s.split('@');
    if (!KINDS[kind]) throw new Error(`unknown scenario kind ${kind}`);
    return { kind, concurrency: Number(c ?? 1), id: `${kind}@${c ?? 1}` };
  });
  return {
    targets,
    pids,
    scenarios,
    saturate,
    rounds: Number(args.rounds ?? 3),
    duration: args.requests ? null : Number(args.duration ?? (saturate ? 10 : 5)),
    requests: args.requests ? Number(args.requests) : null,
    warmup: Number(args.warmup ?? 1),
    model: args.model ?? 'gpt-4o-mini',
    anthropicModel: args['anthropic-model'] ?? 'claude-3-5-haiku-latest',
    maxTokens: args['max-tokens'] !== undefined ? Number(args['max-tokens']) : undefined,
    promptChars: Number(args['prompt-chars'] ?? 400),
    timeoutMs: Number(args['timeout-ms'] ?? 60000),
    pauseMs: Number(args['pause-ms'] ?? 250),
    engine: args.engine ?? (saturate ? 'auto' : 'node'),
    wrkThreads: Number(args['wrk-threads'] ?? 1),
    out: args.out,
    json: !!args.json,
  };
}

// ---------------------------------------------------------------- requests
const PROMPT_WORDS = 'please summarise the following text in one short paragraph for a busy reader '.split(
  ' ',
);
function prompt(chars) {
  let s = '';
  for (let i = 0; s.length < chars; i++) s += (s ? ' ' : '') + PROMPT_WORDS[i % PROMPT_WORDS.length];
  return s.slice(0, chars);
}

// done: marker that a complete stream ends with; token: marker of the first content token.
const KINDS = {
  chat: { path: '/v1/chat/completions', stream: false },
  stream: { path: '/v1/chat/completions', stream: true, token: /"content":"[^"]/, done: 'data: [DONE]' },
  messages: { path: '/v1/messages', stream: false },
  'messages-stream': { path: '/v1/messages', stream: true, token: /"text_delta"/, done: 'message_stop' },
  embeddings: { path: '/v1/embeddings', stream: false },
};

function requestBody(kind, cfg) {
  const text = prompt(cfg.promptChars);
  if (kind === 'embeddings') return { model: 'text-embedding-3-small', input: text };
  if (kind === 'messages' || kind === 'messages-stream') {
    return {
      model: cfg.anthropicModel,
      max_tokens: cfg.maxTokens ?? 4096,
      messages: [{ role: 'user', content: text }],
      ...(kind === 'messages-stream' ? { stream: true } : {}),
    };
  }
  const b = { model: cfg.model, messages: [{ role: 'user', content: text }] };
  if (cfg.maxTokens !== undefined) b.max_tokens = cfg.maxTokens;
  if (kind === 'stream') {
    b.stream = true;
    b.stream_options = { include_usage: true };
  }
  return b;
}

// ---------------------------------------------------------------- process metering (/proc)
let CLK_TCK = 100;
try {
  CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {}

function procTree(pid, seen = new Set()) {
  if (seen.has(pid) || !existsSync(`/proc/${pid}`)) return seen;
  seen.add(pid);
  try {
    for (const tid of readFileSyncSafe(`/proc/${pid}/task`, true)) {
      const kids = readFileSyncSafe(`/proc/${pid}/task/${tid}/children`).trim();
      if (kids) for (const k of kids.split(/\s+/)) procTree(Number(k), seen);
    }
  } catch {}
  return seen;
}
function readFileSyncSafe(p, dir = false) {
  try {
    if (dir) return readdirSync(p);
    return readFileSync(p, 'utf8');
  } catch {
    return dir ? [] : '';
  }
}
function cpuMs(pids) {
  let ticks = 0;
  for (const root of pids)
    for (const pid of procTree(root)) {
      const s = readFileSyncSafe(`/proc/${pid}/stat`);
      if (!s) continue;
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    }
  return (ticks * 1000) / CLK_TCK;
}
function memKb(pids) {
  let hwm = 0,
    rss = 0;
  for (const root of pids)
    for (const pid of procTree(root)) {
      const s = readFileSyncSafe(`/proc/${pid}/status`);
      hwm += Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0);
      rss += Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
    }
  return { peakRssKb: hwm, rssKb: rss };
}

// ---------------------------------------------------------------- node engine (closed loop)
function pct(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
function dist(arr) {
  const s = Float64Array.from(arr).sort();
  if (s.length === 0) return { n: 0 };
  let sum = 0;
  for (const v of s) sum += v;
  const r = (v) => Math.round(v * 1000) / 1000;
  return {
    n: s.length,
    mean: r(sum / s.length),
    p50: r(pct(s, 0.5)),
    p90: r(pct(s, 0.9)),
    p99: r(pct(s, 0.99)),
    max: r(s[s.length - 1]),
  };
}

async function runNodeCell(target, scenario, cfg, record) {
  const kind = KINDS[scenario.kind];
  const body = JSON.stringify(requestBody(scenario.kind, cfg));
  const headers = { 'content-type': 'application/json', ...target.headers };
  const origin = new URL(target.url);
  const basePath = origin.pathname.replace(/\/+$/, '');
  const pool = new Pool(origin.origin, {
    connections: scenario.concurrency,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: cfg.timeoutMs,
    bodyTimeout: cfg.timeoutMs,
  });
  const lat = [],
    ttfb = [],
    ttft = [];
  const errors = {};
  let ok = 0,
    bytes = 0,
    started = 0;
  const err = (k) => {
    errors[k] = (errors[k] || 0) + 1;
  };

  async function one(rec) {
    const t0 = performance.now();
    let res;
    try {
      res = await pool.request({ path: basePath + kind.path, method: 'POST', headers, body });
    } catch (e) {
      if (rec) err(`net:${e.code ?? e.name}`);
      await sleep(5); // do not spin on a dead target
      return;
    }
    const t1 = performance.now();
    let first = -1,
      tail = '',
      n = 0;
    try {
      for await (const chunk of res.body) {
        n += chunk.length;
        if (kind.stream) {
          const s = chunk.toString('latin1');
          if (first < 0 && kind.token.test(tail + s)) first = performance.now();
          tail = (tail + s).slice(-48);
        }
      }
    } catch (e) {
      if (rec) err(`body:${e.code ?? e.name}`);
      return;
    }
    const t2 = performance.now();
    if (!rec) return;
    bytes += n;
    if (res.statusCode !== 200) return err(`http_${res.statusCode}`);
    if (kind.stream && !tail.includes(kind.done)) return err('incomplete_stream');
    ok++;
    lat.push(t2 - t0);
    ttfb.push(t1 - t0);
    if (kind.stream && first >= 0) ttft.push(first - t0);
  }

  async function loop(until, rec) {
    for (;;) {
      if (until.deadline !== null ? performance.now() >= until.deadline : started >= until.count) return;
      if (rec) started++;
      await one(rec);
    }
  }

  const workers = (until, rec) =>
    Promise.all(Array.from({ length: scenario.concurrency }, () => loop(until, rec)));
  if (cfg.warmup > 0) await workers({ deadline: performance.now() + cfg.warmup * 1000 }, false);

  const cpu0 = Object.fromEntries(Object.entries(cfg.pids).map(([k, p]) => [k, cpuMs(p)]));
  const self0 = process.cpuUsage();
  const tStart = performance.now();
  await workers(
    cfg.duration !== null
      ? { deadline: tStart + cfg.duration * 1000 }
      : { deadline: null, count: cfg.requests },
    true,
  );
  const elapsed = (performance.now() - tStart) / 1000;
  const self1 = process.cpuUsage(self0);
  const cpu = Object.fromEntries(Object.entries(cfg.pids).map(([k, p]) => [k, cpuMs(p) - cpu0[k]]));
  await pool.close().catch(() => {});

  const done = ok;
  record({
    engine: 'node',
    ok: done,
    errors,
    elapsedS: Math.round(elapsed * 1000) / 1000,
    rps: Math.round((done / elapsed) * 10) / 10,
    bytesPerReq: done ? Math.round(bytes / done) : 0,
    latencyMs: dist(lat),
    ttfbMs: dist(ttfb),
    ...(kind.stream ? { ttftMs: dist(ttft) } : {}),
    cpuMsPerReq: Object.fromEntries(
      Object.entries(cpu).map(([k, v]) => [k, done ? Math.round((v / done) * 1000) / 1000 : null]),
    ),
    clientCpuMsPerReq: done ? Math.round(((self1.user + self1.system) / 1000 / done) * 1000) / 1000 : null,
  });
}

// ---------------------------------------------------------------- wrk engine (saturation)
function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return e.status === 1;
  }
}

async function runWrkCell(target, scenario, cfg, record) {
  const kind = KINDS[scenario.kind];
  const body = JSON.stringify(requestBody(scenario.kind, cfg));
  const headers = { 'content-type': 'application/json', ...target.headers };
  const lq = (s) => `[==[${s}]==]`;
  const script = [
    'wrk.method = "POST"',
    `wrk.body = ${lq(body)}`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[ ${lq(k)} ] = ${lq(v)}`),
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format("WRKJSON {\\"requests\\":%d,\\"duration_us\\":%d,\\"bytes\\":%d,\\"connect\\":%d,\\"read\\":%d,\\"write\\":%d,\\"status\\":%d,\\"timeout\\":%d,\\"p50\\":%d,\\"p90\\":%d,\\"p99\\":%d,\\"max\\":%d,\\"mean\\":%f}\\n",',
    '    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))',
    'end',
  ].join('\n');
  const file = join(tmpdir(), `overhead-wrk-${process.pid}.lua`);
  writeFileSync(file, script);
  const url = target.url + kind.path;
  const threads = Math.max(1, Math.min(cfg.wrkThreads, scenario.concurrency));
  const run = (secs) =>
    new Promise((resolve, reject) => {
      const p = spawn('wrk', [
        `-t${threads}`,
        `-c${scenario.concurrency}`,
        `-d${secs}s`,
        '--timeout',
        `${Math.ceil(cfg.timeoutMs / 1000)}s`,
        '-s',
        file,
        url,
      ]);
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.stderr.on('data', (d) => {
        out += d;
      });
      p.on('close', () => {
        const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
        line ? resolve(JSON.parse(line.slice(8))) : reject(new Error(`wrk failed: ${out.slice(0, 500)}`));
      });
    });
  if (cfg.warmup > 0) await run(Math.max(1, Math.round(cfg.warmup)));
  const cpu0 = Object.fromEntries(Object.entries(cfg.pids).map(([k, p]) => [k, cpuMs(p)]));
  const w = await run(cfg.duration ?? 10);
  const cpu = Object.fromEntries(Object.entries(cfg.pids).map(([k, p]) => [k, cpuMs(p) - cpu0[k]]));
  const elapsed = w.duration_us / 1e6;
  const errs = {};
  for (const k of ['connect', 'read', 'write', 'status', 'timeout'])
    if (w[k]) errs[k === 'status' ? 'http_non2xx' : `net:${k}`] = w[k];
  const done = w.requests - (w.status || 0);
  const ms = (us) => Math.round(us) / 1000;
  record({
    engine: 'wrk',
    ok: done,
    errors: errs,
    elapsedS: Math.round(elapsed * 1000) / 1000,
    rps: Math.round((done / elapsed) * 10) / 10,
    bytesPerReq: w.requests ? Math.round(w.bytes / w.requests) : 0,
    latencyMs: {
      n: w.requests,
      mean: ms(w.mean),
      p50: ms(w.p50),
      p90: ms(w.p90),
      p99: ms(w.p99),
      max: ms(w.max),
    },
    cpuMsPerReq: Object.fromEntries(
      Object.entries(cpu).map(([k, v]) => [k, done ? Math.round((v / done) * 1000) / 1000 : null]),
    ),
    clientCpuMsPerReq: null,
  });
}

// ---------------------------------------------------------------- summary
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x));
  return s.length
    ? { median: round3(median(s)), min: round3(Math.min(...s)), max: round3(Math.max(...s)) }
    : null;
};
const round3 = (v) => (v === null ? null : Math.round(v * 1000) / 1000);

function summarise(cfg, cells) {
  const base = cfg.targets[0].name;
  const out = {};
  for (const sc of cfg.scenarios) {
    const s = (out[sc.id] = {});
    for (const t of cfg.targets) {
      const rs = cells
        .filter((c) => c.scenario === sc.id && c.target === t.name)
        .sort((a, b) => a.round - b.round);
      const bs = cells
        .filter((c) => c.scenario === sc.id && c.target === base)
        .sort((a, b) => a.round - b.round);
      const paired = (f) =>
        rs.map((c) => {
          const b = bs.find((x) => x.round === c.round);
          const a = f(c),
            z = b && f(b);
          return a == null || z == null ? null : a - z;
        });
      const ratio = (f) =>
        rs.map((c) => {
          const b = bs.find((x) => x.round === c.round);
          return b && f(b) ? f(c) / f(b) : null;
        });
      const errs = {};
      for (const c of rs) for (const [k, v] of Object.entries(c.errors)) errs[k] = (errs[k] || 0) + v;
      const entry = {
        rounds: rs.length,
        ok: rs.reduce((a, c) => a + c.ok, 0),
        errors: errs,
        rps: spread(rs.map((c) => c.rps)),
        p50: spread(rs.map((c) => c.latencyMs.p50)),
        p90: spread(rs.map((c) => c.latencyMs.p90)),
        p99: spread(rs.map((c) => c.latencyMs.p99)),
        cpuMsPerReq: spread(rs.map((c) => c.cpuMsPerReq?.[t.name] ?? null)),
        upstreamCpuMsPerReq: spread(rs.map((c) => c.cpuMsPerReq?.upstream ?? null)),
        clientCpuMsPerReq: spread(rs.map((c) => c.clientCpuMsPerReq)),
      };
      if (rs[0]?.ttftMs) {
        entry.ttftP50 = spread(rs.map((c) => c.ttftMs.p50));
        entry.ttftP99 = spread(rs.map((c) => c.ttftMs.p99));
        entry.ttfbP50 = spread(rs.map((c) => c.ttfbMs.p50));
      }
      if (t.name !== base) {
        entry.vsBaseline = {
          addedP50: spread(paired((c) => c.latencyMs.p50)),
          addedP99: spread(paired((c) => c.latencyMs.p99)),
          rpsRatio: spread(ratio((c) => c.rps)),
          ...(rs[0]?.ttftMs
            ? {
                addedTtftP50: spread(paired((c) => c.ttftMs.p50)),
                addedTtftP99: spread(paired((c) => c.ttftMs.p99)),
              }
            : {}),
        };
      }
      s[t.name] = entry;
    }
  }
  return out;
}

function fmt(sp, digits = 2) {
  if (!sp) return '-';
  const f = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(digits));
  return sp.min === sp.max ? f(sp.median) : `${f(sp.median)} [${f(sp.min)}..${f(sp.max)}]`;
}

function table(cfg, summary, mem) {
  const lines = [];
  const base = cfg.targets[0].name;
  lines.push(
    `medians over ${cfg.rounds} interleaved rounds [min..max across rounds]; latency in ms; added = target − ${base} in the same round`,
  );
  for (const [id, s] of Object.entries(summary)) {
    const streaming = KINDS[id.split('@')[0]].stream;
    lines.push('', `== ${id} ==`);
    const up = Object.values(s).some((e) => e.upstreamCpuMsPerReq);
    const head = [
      'target',
      'req/s',
      'p50',
      'p90',
      'p99',
      ...(streaming ? ['ttft p50', 'ttft p99'] : []),
      `+p50`,
      `+p99`,
      ...(streaming ? ['+ttft p50'] : []),
      'rps ratio',
      'proxy CPU ms/req',
      ...(up ? ['upstream CPU ms/req'] : []),
      'errors',
    ];
    const rows = [head];
    for (const [name, e] of Object.entries(s)) {
      const v = e.vsBaseline;
      rows.push([
        name,
        fmt(e.rps, 0),
        fmt(e.p50, 3),
        fmt(e.p90, 3),
        fmt(e.p99, 3),
        ...(streaming ? [fmt(e.ttftP50, 3), fmt(e.ttftP99, 3)] : []),
        v ? fmt(v.addedP50, 3) : '',
        v ? fmt(v.addedP99, 3) : '',
        ...(streaming ? [v ? fmt(v.addedTtftP50, 3) : ''] : []),
        v ? fmt(v.rpsRatio, 3) : '1',
        fmt(e.cpuMsPerReq, 3),
        ...(up ? [fmt(e.upstreamCpuMsPerReq, 3)] : []),
        Object.keys(e.errors).length
          ? Object.entries(e.errors)
              .map(([k, n]) => `${k}=${n}`)
              .join(' ')
          : '0',
      ]);
    }
    const w = head.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows) lines.push(r.map((c, i) => String(c).padEnd(w[i])).join('  '));
  }
  if (Object.keys(mem).length) {
    lines.push('', 'memory (sum over the process tree): peak RSS (VmHWM) / RSS at end');
    for (const [k, m] of Object.entries(mem))
      lines.push(`  ${k}: ${(m.peakRssKb / 1024).toFixed(1)} MiB / ${(m.rssKb / 1024).toFixed(1)} MiB`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main
async function waitForPort(url, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(`${url}/health`);
      await r.arrayBuffer();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`upstream at ${url} did not come up`);
}

async function spawnUpstream(port, extra) {
  const args = [
    join(HERE, 'fake-upstream.mjs'),
    '--port',
    String(port),
    '--quiet',
    ...(extra ? extra.split(/\s+/).filter(Boolean) : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitForPort(url);
  return { child, url };
}

export async function main(argv = process.argv.slice(2)) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(HELP);
    return;
  }
  const children = [];
  try {
    if (args.selftest) {
      const port = Number(args['upstream-port'] ?? 19000 + (process.pid % 1000));
      const up = await spawnUpstream(port, args['upstream-args']);
      children.push(up.child);
      args.target.push(`direct=${up.url}`, `direct-again=${up.url}`);
      args.pid.push(`upstream=${up.child.pid}`);
      args.scenarios ??= 'chat@1,chat@16,stream@4';
      args.rounds ??= '2';
      args.duration ??= '1';
      args.warmup ??= '0.3';
    } else if (args['spawn-upstream']) {
      const up = await spawnUpstream(Number(args['upstream-port'] ?? 9000), args['upstream-args']);
      children.push(up.child);
      if (!args.direct) args.direct = up.url;
      args.pid.push(`upstream=${up.child.pid}`);
    }
    const cfg = buildConfig(args);
    if (cfg.targets.length < 1) throw new Error('give at least --direct URL (and --gateway URL); see --help');
    let engine = cfg.engine;
    if (engine === 'auto') engine = hasWrk() ? 'wrk' : 'node';
    if (engine === 'wrk' && cfg.scenarios.some((s) => KINDS[s.kind].stream))
      process.stderr.write('note: wrk reports total time only (no TTFT) for streaming scenarios\n');
    const runCell = engine === 'wrk' ? runWrkCell : runNodeCell;

    const env = {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memGiB: Math.round(totalmem() / 2 ** 30),
      loadavgStart: loadavg(),
      engine,
      startedAt: new Date().toISOString(),
    };
    const cells = [];
    const log = (s) => {
      if (!cfg.json) process.stderr.write(s);
    };
    for (let round = 1; round <= cfg.rounds; round++) {
      const order = round % 2 ? cfg.targets : [...cfg.targets].reverse();
      for (const sc of cfg.scenarios) {
        for (const t of order) {
          log(`round ${round}/${cfg.rounds} ${sc.id} ${t.name} ... `);
          await runCell(t, sc, cfg, (r) => cells.push({ round, scenario: sc.id, target: t.name, ...r }));
          const c = cells[cells.length - 1];
          log(
            `${c.rps} req/s p50 ${c.latencyMs.p50} ms p99 ${c.latencyMs.p99} ms${c.ttftMs ? ` ttft p50 ${c.ttftMs.p50} ms` : ''}${Object.keys(c.errors).length ? ` errors ${JSON.stringify(c.errors)}` : ''}\n`,
          );
          if (cfg.pauseMs) await sleep(cfg.pauseMs);
        }
      }
    }
    env.loadavgEnd = loadavg();
    const mem = Object.fromEntries(Object.entries(cfg.pids).map(([k, p]) => [k, memKb(p)]));
    const summary = summarise(cfg, cells);
    const result = {
      env,
      config: {
        ...cfg,
        targets: cfg.targets.map((t) => ({ name: t.name, url: t.url, headers: Object.keys(t.headers) })),
      },
      summary,
      memory: mem,
      cells,
    };
    if (cfg.json) {
      console.log(JSON.stringify(result, null, 2));
      return result;
    }
    console.log(table(cfg, summary, mem));
    const out = cfg.out ?? join('bench-results', `overhead-${env.startedAt.replace(/[:.]/g, '-')}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(`\nJSON: ${out}`);
    return result;
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e.stack ?? String(e));
    process.exit(1);
  });
}
