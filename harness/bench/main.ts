/**
 * `npm run bench`: the same workloads, in one run, on this machine, over
 * loopback, for gentcp (inet and socket profiles), Erlang's gen_tcp (the local
 * erl and an OTP 27 container, through the driver's {call, gentcp_bench, run, Args})
 * and raw Node `net`. Each implementation is on both ends of its own workload.
 * Prints a table and writes reports/bench/latest.json; targets are reported as
 * met / not met, never asserted.
 *
 *   npm run bench [-- --runs 5] [--workloads pingpong,bulk] [--impls gentcp-inet,net,erlang-25-inet]
 *                 [--no-container] [--no-local] [--out reports/bench/latest.json] [--explain] [--base DIST]
 *
 * --base DIST measures a baseline build of the library too (DIST: its dist directory, e.g.
 * a worktree's packages/gentcp/dist), as gentcp-inet@base and gentcp-socket@base, in the
 * same alternating rounds, and prints each profile's after ÷ before ratio per workload.
 * --explain adds the layer profile: ping-pong and the 64 B stream run again on
 * gentcp (both profiles) and net under the CPU profiler, and each message's CPU
 * time is cut into the layers it passes through (harness/bench/layers.ts).
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
import { NodeCell } from './node-cell.js';
import { LAYERS, layerRow, type LayerRow, type LayerTimes } from './layers.js';
import { meets, targetFor, type Measure } from './targets.js';
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
  explain: boolean;
  /** A baseline build of the library (its dist directory) measured beside this one: before/after ratios. */
  base: string | undefined;
}

/** The workloads the layer profile explains: where one message's cost decides the figure. */
const EXPLAINED: readonly WorkloadName[] = ['pingpong', 'stream64'];

function parseArgs(argv: string[]): Args {
  const a: Args = { runs: RUNS, workloads: [...WORKLOADS], impls: undefined, container: true, local: true, out: resolve(root, 'reports/bench/latest.json'), explain: false, base: undefined };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = (): string => argv[++i] ?? '';
    if (k === '--runs') a.runs = Math.max(1, Number(v()));
    else if (k === '--workloads') a.workloads = v().split(',') as WorkloadName[];
    else if (k === '--impls') a.impls = v().split(',');
    else if (k === '--no-container') a.container = false;
    else if (k === '--no-local') a.local = false;
    else if (k === '--out') a.out = resolve(v());
    else if (k === '--explain') a.explain = true;
    else if (k === '--base') a.base = resolve(v());
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
  conn_bytes?: number;
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
  const opt = (k: 'p50_us' | 'p99_us' | 'peak_rss' | 'conn_bytes'): number | undefined => {
    const xs = runs.map((r) => r[k]).filter((x): x is number => typeof x === 'number');
    return xs.length ? median(xs) : undefined;
  };
  const c: Cell = { impl, runs, values, median: median(values), min: Math.min(...values), max: Math.max(...values), seconds };
  for (const k of ['p50_us', 'p99_us', 'peak_rss', 'conn_bytes'] as const) {
    const x = opt(k);
    if (x !== undefined) c[k] = x;
  }
  return c;
}

function failedCell(impl: string, error: string, seconds: number): Cell {
  return { impl, runs: [], values: [], median: NaN, min: NaN, max: NaN, error, seconds };
}

// ---- Node implementations under the profiler (--explain) ---------------------------------

/** A cell run under the CPU profiler: its layer row, or the reason it has none. */
function explainCell(w: Workload, impl: ImplName, runs: number): Promise<LayerRow | { impl: string; error: string }> {
  const cap = (runs + 1) * w.params.cap_ms + 30_000;
  return new Promise((res) => {
    execFile(
      process.execPath,
      [cellScript, impl, w.name, String(runs), 'explain'],
      { cwd: root, timeout: cap, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GENTCP_OTP, GENTCP_NATIVE_PATH: nativePath } },
      (err, stdout, stderr) => {
        try {
          if (err) throw new Error(`${err.message}\n${stderr.slice(-2000)}`);
          const out = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { runs: RunResult[]; layers: { server: LayerTimes; client: LayerTimes } };
          const messages = out.runs.reduce((a, r) => a + (r.count ?? 0), 0);
          const us = out.runs.reduce((a, r) => a + r.us, 0);
          res(layerRow(impl, [out.layers.server, out.layers.client], messages, us));
        } catch (e) {
          res({ impl, error: (e as Error).message.slice(0, 2000) });
        }
      },
    );
  });
}

function renderLayers(explained: Map<WorkloadName, Array<LayerRow | { impl: string; error: string }>>): string {
  const out: string[] = [];
  for (const [wn, rows] of explained) {
    const w = WORKLOAD_TABLE[wn];
    const per = wn === 'pingpong' ? 'round trip (both ends)' : 'message (sender and receiver)';
    out.push('', `LAYERS of ${w.title}: CPU µs per ${per}, from CPU profiles of separate runs (${SAMPLE_NOTE})`);
    const ok = rows.filter((r): r is LayerRow => !('error' in r));
    for (const r of rows) if ('error' in r) out.push(`  ${r.impl} failed: ${r.error.split('\n')[0]}`);
    out.push(`  ${pad('layer', 40)}${ok.map((r) => lpad(r.impl, 15)).join('')}`);
    for (const l of LAYERS) {
      if (!ok.some((r) => (r.perMessage[l] ?? 0) >= 0.005)) continue;
      out.push(`  ${pad(l, 40)}${ok.map((r) => lpad((r.perMessage[l] ?? 0).toFixed(2), 15)).join('')}`);
    }
    out.push(`  ${pad('CPU in all', 40)}${ok.map((r) => lpad(r.cpu.toFixed(2), 15)).join('')}`);
    out.push(`  ${pad('wall time per message (1 / rate)', 40)}${ok.map((r) => lpad(r.wall.toFixed(2), 15)).join('')}`);
  }
  return out.join('\n');
}

function renderBeforeAfter(rows: Array<{ workload: WorkloadName; profile: string; ratio: number; p99?: number }>, base: string): string {
  const out = ['', `BEFORE/AFTER (this build ÷ the build in ${base}, same rounds; rates: higher is better, p99: lower)`];
  out.push(`  ${pad('workload', 16)}${lpad('gentcp-inet', 14)}${lpad('gentcp-socket', 14)}`);
  for (const wn of [...new Set(rows.map((r) => r.workload))]) {
    const cell = (p: string, k: 'ratio' | 'p99'): string => {
      const x = rows.find((r) => r.workload === wn && r.profile === p)?.[k];
      return lpad(x !== undefined ? `${x.toFixed(2)}×` : '—', 14);
    };
    for (const k of ['ratio', 'p99'] as const)
      if (rows.some((r) => r.workload === wn && r[k] !== undefined)) out.push(`  ${pad(k === 'ratio' ? wn : `${wn} p99`, 16)}${cell('gentcp-inet', k)}${cell('gentcp-socket', k)}`);
  }
  return out.join('\n');
}

const SAMPLE_NOTE = 'sampled every 50 µs on both threads; a sample counts for the innermost frame with a layer, so a syscall counts where it is made';

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

/** One measured run of gentcp_bench:run/5 in the reference node (`warm`: after a warm-up run). */
async function erlangRun(node: ReferenceNode, label: string, backend: 'inet' | 'socket', w: Workload, warm: boolean): Promise<RunResult | { error: string }> {
  const req = wrapAtoms(['call', 'gentcp_bench', 'run', new List([w.kind, backend, 1, erlParams(w.params), warm ? erlParams(w.warm) : 'none'])]);
  try {
    const r = await node.client.request(req, `run ${w.name} on ${label}`, 2 * w.params.cap_ms + 30_000);
    if (!Array.isArray(r) || r[0] !== 'ok') return { error: `gentcp_bench: ${JSON.stringify(toJs(r))}` };
    const out = toJs(r[1]!) as { runs: RunResult[] };
    return out.runs[0]!;
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * A workload's runs on every implementation, alternating: run i of each before run i+1
 * of any, the order turning each round, so drift of the host over the minutes a
 * workload takes is shared out instead of landing on whichever cell ran last.
 */
async function runWorkload(w: Workload, impls: ImplName[], erlang: Array<{ node: ReferenceNode; label: string; backend: 'inet' | 'socket' }>, runs: number, log: (s: string) => void, base?: string): Promise<Cell[]> {
  const t0 = performance.now();
  const env = { ...process.env, GENTCP_OTP, GENTCP_NATIVE_PATH: nativePath };
  const node = impls.map((impl) => new NodeCell(impl, w, cellScript, env, root));
  if (base !== undefined)
    for (const impl of impls.filter((i) => i.startsWith('gentcp-')))
      node.push(new NodeCell(impl, w, cellScript, { ...env, GENTCP_BENCH_LIBRARY: join(base, 'index.js') }, root, `${impl}@base`));
  for (const c of node) await c.start();
  type Slot = { label: string; results: RunResult[]; error?: string; run: (first: boolean) => Promise<RunResult | { error: string }> };
  const slots: Slot[] = [
    ...node.map((c) => ({ label: c.label, results: [], run: async () => (await c.run()) ?? { error: c.error ?? 'failed' } })),
    ...erlang.map((e) => ({ label: e.label, results: [], run: (first: boolean) => erlangRun(e.node, e.label, e.backend, w, first) })),
  ];
  try {
    for (let i = 0; i < runs; i++) {
      log(`${w.name}: round ${i + 1} of ${runs}`);
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[(k + i) % slots.length]!;
        if (slot.error !== undefined) continue;
        const r = await slot.run(i === 0);
        if ('error' in r && typeof r.error === 'string') slot.error = r.error;
        else slot.results.push(r as RunResult);
      }
    }
  } finally {
    for (const c of node) await c.stop();
  }
  const secs = (performance.now() - t0) / 1000;
  for (const c of node) if (c.error !== undefined) slots.find((s) => s.label === c.label)!.error ??= c.error;
  return slots.map((s) => (s.error !== undefined ? failedCell(s.label, s.error.slice(0, 2000), secs) : cellOf(w, s.label, s.results, secs)));
}

// ---- the report ---------------------------------------------------------------------------

interface Ratio {
  workload: WorkloadName;
  subject: string;
  against: string;
  measure: Measure;
  ratio: number;
  /** The bound the ratio must meet (harness/bench/targets.ts), if it has one. */
  target?: number;
  met?: boolean;
}

/** The ratios that have a target. */
const targeted = (...lists: Ratio[][]): Ratio[] => lists.flat().filter((r) => r.met !== undefined);

function ratioOf(workload: WorkloadName, subject: string, against: string, measure: Measure, ratio: number): Ratio {
  const t = targetFor(workload, subject, against, measure);
  return { workload, subject, against, measure, ratio, ...(t ? { target: t.bound, met: meets(measure, ratio, t) } : {}) };
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
      if (c.p99_us !== undefined) extra = `   p50 ${c.p50_us?.toFixed(0)} µs  p99 ${c.p99_us.toFixed(0)} µs`;
      if (c.conn_bytes !== undefined) extra += `   ${(c.conn_bytes / 1024).toFixed(1)} KiB per connection`;
      if (wn === 'churn') extra = `   peak RSS ${mb(c.peak_rss)}`;
      out.push(`  ${pad(c.impl, 18)}${lpad(fmt(c.median, w.unit), 8)} ${pad(w.unit, 6)} [${fmt(c.min, w.unit)}–${fmt(c.max, w.unit)}]${extra}`);
    }
  }
  const subjects = [...new Set(ratios.map((r) => r.subject))];
  const columns = [...new Set(ratios.map((r) => r.against))];
  out.push('', 'RATIOS (gentcp ÷ reference, same backend for Erlang; ✓ met / ✗ not met where a target applies, see harness/bench/targets.ts)');
  const mark = (r: Ratio): string => (r.met === undefined ? '  ' : r.met ? ' ✓' : ' ✗');
  for (const s of subjects) {
    const cols = columns.filter((c) => ratios.some((r) => r.subject === s && r.against === c));
    out.push(`  ${s}`);
    out.push(`    ${pad('workload', 16)}${cols.map((c) => lpad(c, 18)).join('')}`);
    for (const wn of results.keys())
      for (const m of ['rate', 'p99'] as const) {
        const row = cols.map((c) => ratios.find((x) => x.subject === s && x.against === c && x.workload === wn && x.measure === m));
        if (!row.some(Boolean)) continue;
        out.push(`    ${pad(m === 'rate' ? wn : `${wn} p99`, 16)}${row.map((r) => lpad(r ? `${r.ratio.toFixed(2)}×${mark(r)}` : '—', 18)).join('')}`);
      }
  }
  if (rssRatios.length) {
    out.push('', 'PEAK RSS under churn (target ≤ 1.2× raw Node)');
    for (const r of rssRatios) out.push(`  ${pad(r.subject, 18)} ${r.ratio.toFixed(2)}× net${mark(r)}`);
  }
  const all = targeted(ratios, rssRatios);
  const missed = all.filter((r) => !r.met);
  const name = (r: Ratio): string => `${r.workload}${r.measure === 'rate' ? '' : ` ${r.measure}`} ${r.subject}/${r.against} ${r.ratio.toFixed(2)}`;
  out.push('', `TARGETS: ${all.length - missed.length} of ${all.length} met` + (missed.length ? `; not met: ${missed.map(name).join(', ')}` : ''));
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
    const erlang = nodes.flatMap(({ node, tag }) => (['inet', 'socket'] as const).map((b) => ({ node, label: `${tag}-${b}`, backend: b }))).filter((e) => want(e.label));
    for (const wn of args.workloads) {
      const w = WORKLOAD_TABLE[wn];
      const cells = await runWorkload(w, NODE_IMPLS.filter(want), erlang, args.runs, log, args.base);
      for (const c of cells) log(`  ${pad(c.impl, 18)} ${c.error ? 'failed' : fmt(c.median, w.unit) + ' ' + w.unit}`);
      results.set(wn, cells);
    }
  } finally {
    for (const { node } of nodes) await node.stop().catch(() => undefined);
  }

  const explained = new Map<WorkloadName, Array<LayerRow | { impl: string; error: string }>>();
  if (args.explain)
    for (const wn of EXPLAINED) {
      if (!args.workloads.includes(wn)) continue;
      const rows: Array<LayerRow | { impl: string; error: string }> = [];
      for (const impl of NODE_IMPLS) {
        if (!want(impl)) continue;
        log(`${wn}: ${impl} under the profiler …`);
        rows.push(await explainCell(WORKLOAD_TABLE[wn], impl, args.runs));
      }
      explained.set(wn, rows);
    }

  // Ratios: each gentcp profile against the Erlang of the same backend, and against raw Node.
  const ratios: Ratio[] = [];
  const rssRatios: Ratio[] = [];
  for (const [wn, cells] of results) {
    const get = (impl: string): Cell | undefined => cells.find((c) => c.impl === impl && !c.error);
    for (const b of ['inet', 'socket'] as const) {
      const g = get(`gentcp-${b}`);
      if (!g) continue;
      for (const e of [...nodes.map(({ tag }) => get(`${tag}-${b}`)), get('net')]) {
        if (!e) continue;
        ratios.push(ratioOf(wn, g.impl, e.impl, 'rate', g.median / e.median));
        if (g.p99_us && e.p99_us) ratios.push(ratioOf(wn, g.impl, e.impl, 'p99', g.p99_us / e.p99_us));
        if (wn === 'churn' && e.impl === 'net' && g.peak_rss && e.peak_rss) rssRatios.push(ratioOf(wn, g.impl, e.impl, 'peak_rss', g.peak_rss / e.peak_rss));
      }
    }
  }

  notes.push(
    `each implementation is on both ends (Node: server on the main thread, client on a worker thread; Erlang: two processes of one node with ${os.availableParallelism()} schedulers), 127.0.0.1; one warm-up run, then ${args.runs} runs, each on fresh sockets; run i of every implementation before run i+1 of any, the order turning each round`,
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
  // Before/after: each profile's figure over the baseline build's, measured in the same rounds.
  const beforeAfter: Array<{ workload: WorkloadName; profile: string; ratio: number; p99?: number }> = [];
  if (args.base !== undefined)
    for (const [wn, cells] of results)
      for (const b of ['inet', 'socket'] as const) {
        const now = cells.find((c) => c.impl === `gentcp-${b}` && !c.error);
        const was = cells.find((c) => c.impl === `gentcp-${b}@base` && !c.error);
        if (now && was) beforeAfter.push({ workload: wn, profile: `gentcp-${b}`, ratio: now.median / was.median, ...(now.p99_us && was.p99_us ? { p99: now.p99_us / was.p99_us } : {}) });
      }
  const text =
    render(results, ratios, rssRatios, notes) +
    (explained.size ? '\n' + renderLayers(explained) : '') +
    (beforeAfter.length ? '\n' + renderBeforeAfter(beforeAfter, args.base!) : '');
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
        ...(explained.size ? { layers: Object.fromEntries(explained) } : {}),
        ...(beforeAfter.length ? { before_after: { base: args.base, ratios: beforeAfter } } : {}),
        targets: { met: targeted(ratios, rssRatios).filter((r) => r.met).length, total: targeted(ratios, rssRatios).length },
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
