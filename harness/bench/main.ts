/**
 * `npm run bench`: the same workloads, in one run, on this machine, over
 * loopback, for gentcp (inet and socket profiles), Erlang's gen_tcp (the local
 * erl and an OTP 27 container, through the driver's {call, gentcp_bench, run, Args})
 * and raw Node `net`. Each implementation is on both ends of its own workload.
 * Prints a table and writes reports/bench/latest.json; targets are reported as
 * met / not met, never asserted.
 *
 *   npm run bench [-- --runs 5] [--workloads pingpong,bulk] [--impls gentcp-inet,net,erlang-25-inet]
 *                 [--no-container] [--no-local] [--out reports/bench/latest.json]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wrapAtoms } from '../driver/client.js';
import { startContainer } from '../providers/container.js';
import { startLocal } from '../providers/local.js';
import type { ReferenceNode } from '../providers/types.js';
import { ErlMap, List, type Term } from '../vocabulary/term.js';
import { buildForBench } from './build.js';
import { NODE_IMPLS, type ImplName } from './impl.js';
import { RUNS, WORKLOADS, WORKLOAD_TABLE, figure, type Params, type RunResult, type Workload, type WorkloadName } from './params.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/** The OTP release gentcp emulates in the bench (its profile decides e.g. inet's default buffer). */
const GENTCP_OTP = process.env.GENTCP_OTP ?? '27';
/** The compiled cell (set in main) and the addon it should load from its new place. */
let cellScript = '';
const nativePath = process.env.GENTCP_NATIVE_PATH ?? resolve(root, 'src/native/build/Release/gentcp_native.node');

interface Args {
  runs: number;
  workloads: WorkloadName[];
  impls: string[] | undefined;
  container: boolean;
  local: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { runs: RUNS, workloads: [...WORKLOADS], impls: undefined, container: true, local: true, out: resolve(root, 'reports/bench/latest.json') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = (): string => argv[++i] ?? '';
    if (k === '--runs') a.runs = Math.max(1, Number(v()));
    else if (k === '--workloads') a.workloads = v().split(',') as WorkloadName[];
    else if (k === '--impls') a.impls = v().split(',');
    else if (k === '--no-container') a.container = false;
    else if (k === '--no-local') a.local = false;
    else if (k === '--out') a.out = resolve(v());
    else throw new Error(`unknown argument ${k}`);
  }
  for (const w of a.workloads) if (!WORKLOAD_TABLE[w]) throw new Error(`unknown workload ${w} (${WORKLOADS.join(', ')})`);
  return a;
}

interface Cell {
  impl: string;
  runs: RunResult[];
  /** Figures of the runs, in the workload's unit. */
  values: number[];
  median: number;
  min: number;
  max: number;
  p50_us?: number;
  p99_us?: number;
  peak_rss?: number;
  error?: string;
  seconds: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};

function cellOf(w: Workload, impl: string, runs: RunResult[], seconds: number): Cell {
  const values = runs.map((r) => figure(w, r));
  const opt = (k: 'p50_us' | 'p99_us' | 'peak_rss'): number | undefined => {
    const xs = runs.map((r) => r[k]).filter((x): x is number => typeof x === 'number');
    return xs.length ? median(xs) : undefined;
  };
  const c: Cell = { impl, runs, values, median: median(values), min: Math.min(...values), max: Math.max(...values), seconds };
  for (const k of ['p50_us', 'p99_us', 'peak_rss'] as const) {
    const x = opt(k);
    if (x !== undefined) c[k] = x;
  }
  return c;
}

function failedCell(impl: string, error: string, seconds: number): Cell {
  return { impl, runs: [], values: [], median: NaN, min: NaN, max: NaN, error, seconds };
}

// ---- Node implementations: one child process per cell ----------------------------------

function runNodeCell(w: Workload, impl: ImplName, runs: number): Promise<Cell> {
  const t0 = performance.now();
  const cap = (runs + 1) * w.params.cap_ms + 30_000;
  return new Promise((res) => {
    execFile(
      process.execPath,
      [cellScript, impl, w.name, String(runs)],
      { cwd: root, timeout: cap, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GENTCP_OTP, GENTCP_NATIVE_PATH: nativePath } },
      (err, stdout, stderr) => {
        const secs = (performance.now() - t0) / 1000;
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          if (err) throw new Error(`${err.message}\n${stderr.slice(-2000)}`);
          const out = JSON.parse(line) as { runs: RunResult[] };
          res(cellOf(w, impl, out.runs, secs));
        } catch (e) {
          res(failedCell(impl, (e as Error).message.slice(0, 2000), secs));
        }
      },
    );
  });
}

// ---- Erlang: gentcp_bench:run/5 in the reference node -----------------------------------

/** An Erlang reply as plain JS: maps to objects, lists to arrays, binaries to strings. */
function toJs(t: Term): unknown {
  if (t instanceof ErlMap) return Object.fromEntries(t.entries.map(([k, v]) => [String(toJs(k)), toJs(v)]));
  if (t instanceof List) return t.items.map(toJs);
  if (Buffer.isBuffer(t)) return t.toString('latin1');
  if (Array.isArray(t)) return t.map(toJs);
  if (typeof t === 'bigint') return Number(t);
  return t;
}

const erlParams = (p: Params): ErlMap => new ErlMap(Object.entries(p).map(([k, v]) => [k, v as number]));

async function runErlangCell(node: ReferenceNode, label: string, backend: 'inet' | 'socket', w: Workload, runs: number): Promise<Cell> {
  const t0 = performance.now();
  const req = wrapAtoms(['call', 'gentcp_bench', 'run', new List([w.kind, backend, runs, erlParams(w.params), erlParams(w.warm)])]);
  try {
    const r = await node.client.request(req, `run ${w.name} on ${label}`, (runs + 1) * w.params.cap_ms + 30_000);
    const secs = (performance.now() - t0) / 1000;
    if (!Array.isArray(r) || r[0] !== 'ok') return failedCell(label, `gentcp_bench: ${JSON.stringify(toJs(r))}`, secs);
    const out = toJs(r[1]!) as { runs: RunResult[] };
    return cellOf(w, label, out.runs, secs);
  } catch (e) {
    return failedCell(label, (e as Error).message, (performance.now() - t0) / 1000);
  }
}

// ---- the report ---------------------------------------------------------------------------

interface Ratio {
  workload: WorkloadName;
  subject: string;
  against: string;
  ratio: number;
  target: number;
  met: boolean;
}

function fmt(x: number, unit: string): string {
  if (!Number.isFinite(x)) return '—';
  if (unit === 'MB/s') return x.toFixed(0);
  return x >= 100_000 ? `${(x / 1000).toFixed(0)}k` : x >= 10_000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0);
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const mb = (b: number | undefined): string => (b === undefined ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`);

function render(results: Map<WorkloadName, Cell[]>, ratios: Ratio[], rssRatios: Ratio[], notes: string[]): string {
  const out: string[] = [];
  for (const [wn, cells] of results) {
    const w = WORKLOAD_TABLE[wn];
    out.push('', `${w.title} — ${w.metric}, median [min–max] of ${cells.find((c) => c.runs.length)?.runs.length ?? 0} runs, higher is better`);
    out.push(`  ${w.setup}`);
    for (const c of cells) {
      if (c.error) {
        out.push(`  ${pad(c.impl, 18)} failed: ${c.error.split('\n')[0]}`);
        continue;
      }
      let extra = '';
      if (wn === 'pingpong') extra = `   p50 ${c.p50_us?.toFixed(0)} µs  p99 ${c.p99_us?.toFixed(0)} µs`;
      if (wn === 'churn') extra = `   peak RSS ${mb(c.peak_rss)}`;
      out.push(`  ${pad(c.impl, 18)}${lpad(fmt(c.median, w.unit), 8)} ${pad(w.unit, 6)} [${fmt(c.min, w.unit)}–${fmt(c.max, w.unit)}]${extra}`);
    }
  }
  const subjects = [...new Set(ratios.map((r) => r.subject))];
  const columns = [...new Set(ratios.map((r) => r.against))];
  out.push('', 'RATIOS (gentcp ÷ reference, same backend for Erlang; ✓ met / ✗ not met: ≥ 1.0× Erlang, ≥ 0.9× raw Node)');
  for (const s of subjects) {
    const cols = columns.filter((c) => ratios.some((r) => r.subject === s && r.against === c));
    out.push(`  ${s}`);
    out.push(`    ${pad('workload', 12)}${cols.map((c) => lpad(c, 18)).join('')}`);
    for (const wn of results.keys()) {
      const row = cols.map((c) => {
        const r = ratios.find((x) => x.subject === s && x.against === c && x.workload === wn);
        return lpad(r ? `${r.ratio.toFixed(2)}× ${r.met ? '✓' : '✗'}` : '—', 18);
      });
      out.push(`    ${pad(wn, 12)}${row.join('')}`);
    }
  }
  if (rssRatios.length) {
    out.push('', 'PEAK RSS under churn (target ≤ 1.5× raw Node)');
    for (const r of rssRatios) out.push(`  ${pad(r.subject, 18)} ${r.ratio.toFixed(2)}× net ${r.met ? '✓ met' : '✗ not met'}`);
  }
  const all = [...ratios, ...rssRatios];
  const missed = all.filter((r) => !r.met);
  out.push('', `TARGETS: ${all.length - missed.length} of ${all.length} met` + (missed.length ? `; not met: ${missed.map((r) => `${r.workload} ${r.subject}/${r.against} ${r.ratio.toFixed(2)}`).join(', ')}` : ''));
  for (const n of notes) out.push(`NOTE: ${n}`);
  return out.join('\n');
}

// ---- main ---------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const notes: string[] = [];
  const log = (s: string): void => void process.stderr.write(s + '\n');
  const nodes: Array<{ node: ReferenceNode; tag: string }> = [];
  const want = (impl: string): boolean => args.impls === undefined || args.impls.includes(impl);
  cellScript = join(buildForBench(root), 'harness/bench/cell.js');

  if (args.local && (args.impls === undefined || args.impls.some((i) => i.startsWith('erlang-')))) {
    try {
      const n = await startLocal({ idleMs: 3_600_000 });
      nodes.push({ node: n, tag: `erlang-${n.otp}` });
      log(`reference: local erl OTP ${n.version}`);
    } catch (e) {
      notes.push(`local erl skipped: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (args.container && (args.impls === undefined || args.impls.some((i) => i.startsWith('erlang-27')))) {
    try {
      const n = await startContainer({ otp: '27', idleMs: 3_600_000, startTimeoutMs: 60_000 });
      nodes.push({ node: n, tag: `erlang-${n.otp}` });
      log(`reference: container ${n.where} OTP ${n.version}`);
    } catch (e) {
      notes.push(`OTP 27 container skipped (Docker or the image localhost/gentcp/erlang:27 is unavailable): ${(e as Error).message.split('\n')[0]}`);
    }
  } else if (!args.container) notes.push('OTP 27 container skipped (--no-container)');

  const results = new Map<WorkloadName, Cell[]>();
  try {
    for (const wn of args.workloads) {
      const w = WORKLOAD_TABLE[wn];
      const cells: Cell[] = [];
      for (const impl of NODE_IMPLS) {
        if (!want(impl)) continue;
        log(`${wn}: ${impl} …`);
        cells.push(await runNodeCell(w, impl, args.runs));
      }
      for (const { node, tag } of nodes)
        for (const b of ['inet', 'socket'] as const) {
          const label = `${tag}-${b}`;
          if (!want(label)) continue;
          log(`${wn}: ${label} …`);
          cells.push(await runErlangCell(node, label, b, w, args.runs));
        }
      for (const c of cells) log(`  ${pad(c.impl, 18)} ${c.error ? 'failed' : fmt(c.median, w.unit) + ' ' + w.unit} (${c.seconds.toFixed(1)} s)`);
      results.set(wn, cells);
    }
  } finally {
    for (const { node } of nodes) await node.stop().catch(() => undefined);
  }

  // Ratios: each gentcp profile against the Erlang of the same backend, and against raw Node.
  const ratios: Ratio[] = [];
  const rssRatios: Ratio[] = [];
  for (const [wn, cells] of results) {
    const get = (impl: string): Cell | undefined => cells.find((c) => c.impl === impl && !c.error);
    for (const b of ['inet', 'socket'] as const) {
      const g = get(`gentcp-${b}`);
      if (!g) continue;
      for (const { tag } of nodes) {
        const e = get(`${tag}-${b}`);
        if (e) ratios.push({ workload: wn, subject: g.impl, against: e.impl, ratio: g.median / e.median, target: 1.0, met: g.median / e.median >= 1.0 });
      }
      const n = get('net');
      if (n) {
        ratios.push({ workload: wn, subject: g.impl, against: 'net', ratio: g.median / n.median, target: 0.9, met: g.median / n.median >= 0.9 });
        if (wn === 'churn' && g.peak_rss && n.peak_rss) {
          const r = g.peak_rss / n.peak_rss;
          rssRatios.push({ workload: wn, subject: g.impl, against: 'net peak RSS', ratio: r, target: 1.5, met: r <= 1.5 });
        }
      }
    }
  }

  notes.push(
    `each implementation is on both ends (Node: server on the main thread, client on a worker thread; Erlang: two processes of one node with ${os.availableParallelism()} schedulers), 127.0.0.1; one warm-up run, then ${args.runs} runs, each on fresh sockets`,
    `gentcp emulates OTP ${GENTCP_OTP} (GENTCP_OTP); MB = 10^6 bytes; peak RSS is the whole process's (VmHWM reset before each run), the two Node threads or the Erlang node`,
  );
  const machine = {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    erlang: nodes.map(({ node }) => ({ otp: node.version, where: node.where })),
  };
  const text = render(results, ratios, rssRatios, notes);
  process.stdout.write(`gentcp bench — ${machine.cores} cores (${machine.cpu}), node ${machine.node}, ${machine.os}\n${text}\n`);
  const secs = (performance.now() - t0) / 1000;
  process.stdout.write(`(${secs.toFixed(0)} s in all; ${args.out})\n`);

  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        seconds: Math.round(secs),
        machine,
        gentcp_otp: GENTCP_OTP,
        runs: args.runs,
        workloads: Object.fromEntries(
          [...results].map(([wn, cells]) => {
            const w = WORKLOAD_TABLE[wn];
            return [wn, { title: w.title, metric: w.metric, unit: w.unit, setup: w.setup, params: w.params, warm: w.warm, results: cells }];
          }),
        ),
        ratios,
        rss: rssRatios,
        targets: { met: [...ratios, ...rssRatios].filter((r) => r.met).length, total: ratios.length + rssRatios.length },
        notes,
      },
      null,
      2,
    ) + '\n',
  );
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  },
);
