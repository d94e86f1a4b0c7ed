/** gentcp conformance: every scenario on every subject, with progress; writes results.json and report.md. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAllDivergences } from '../compare/divergences.js';
import { BUILTIN_SOURCE, loadScenarioSources, uniqueScenarios, type SourcedScenario } from '../scenario/sources.js';
import { rerunCommand } from '../report/rerun.js';
import type { Scenario } from '../scenario/schema.js';
import type { CaseResult } from '../runner/case.js';
import { conformancePlan, runOnReferences, selectScenarios } from '../runner/conformance.js';
import { inShard } from '../runner/sharing.js';
import { parseSubject } from '../vocabulary/subject.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderJunit } from '../report/junit.js';
import { compareWithBaseline, describeGate, loadBaseline, type GateOutcome } from '../report/baseline.js';
import { checkCapture } from '../capture/pcap.js';
import { RESULTS_VERSION, summarise, withScenarioMeta, type Results } from '../report/results.js';
import { allScenarios } from '../../suites/index.js';
import { interrupted, withReference, type ReferenceSession } from './session.js';
import type { RunContext } from '../runner/run.js';
import type { ReferenceNode } from '../providers/types.js';
import { exitCodeFor } from './exit-codes.js';
import { coloursFor } from './colour.js';
import { progressLine } from './progress.js';
import type { ReferenceTarget } from './options.js';

export type { ReferenceTarget };

export interface ConformanceOptions {
  subjects: string[];
  targets: ReferenceTarget[];
  image: string | undefined;
  /** Where to write: reports/<run-id>/ plus reports/latest/ by default. */
  out: string | undefined;
  only: string | undefined;
  baseline: string | undefined;
  capture: boolean;
  /** Also write a compact results.json (verdicts, no traces) fit to commit as a baseline. */
  writeBaseline: string | undefined;
  /** Cases run at once on each reference node. */
  workers: number;
  /** --shard i/n: only this stable share of the scenarios. */
  shard?: { index: number; total: number };
  /** --scenarios: users' scenario files and directories; without withBuiltin only these run. */
  scenarioPaths?: string[];
  /** --with-builtin: the built-in suite as well as --scenarios. */
  withBuiltin?: boolean;
  /** --divergences: known-divergence files added to the built-in one. */
  divergenceFiles?: string[];
  /** gentcp drift: judge each case by real Erlang's recorded trace instead of a fresh reference run. */
  judgeByRecording?: boolean;
}

/** The scenarios a run covers: the built-in suite, the --scenarios files, or both (built-ins first); each id once. */
export async function scenariosFor(o: Pick<ConformanceOptions, 'scenarioPaths' | 'withBuiltin'>): Promise<Scenario[]> {
  return (await sourcedScenariosFor(o)).map((s) => s.scenario);
}

/** As scenariosFor, with each scenario's file (BUILTIN_SOURCE for the built-in ones). */
async function sourcedScenariosFor(o: Pick<ConformanceOptions, 'scenarioPaths' | 'withBuiltin'>): Promise<SourcedScenario[]> {
  const paths = o.scenarioPaths ?? [];
  const builtin = paths.length === 0 || o.withBuiltin ? allScenarios().map((scenario) => ({ scenario, source: BUILTIN_SOURCE })) : [];
  const all = [...builtin, ...(paths.length ? await loadScenarioSources(paths) : [])];
  uniqueScenarios(all);
  return all;
}

export async function conformanceCommand(o: ConformanceOptions): Promise<number> {
  const subjects = o.subjects.map(parseSubject);
  const sourced = await sourcedScenariosFor(o);
  const sourceOf = new Map(sourced.filter((s) => s.source !== BUILTIN_SOURCE).map((s) => [s.scenario.id, s.source]));
  const selected = selectScenarios(sourced.map((s) => s.scenario), o.only);
  const scenarios = o.shard ? inShard(selected, o.shard) : selected;
  const divergences = loadAllDivergences(o.divergenceFiles);
  const started = new Date();
  const runId = started.toISOString().replace(/[:.]/g, '-');
  const primaryDir = o.out ?? path.join('reports', runId);
  if (o.capture) await checkCapture();
  const capture = o.capture ? { dir: path.join(primaryDir, 'captures'), reportDir: primaryDir } : undefined;
  const t0 = performance.now();
  const results: CaseResult[] = [];
  const references: Results['references'] = [];
  const plan = conformancePlan(scenarios, o.subjects, o.targets);
  const total = plan.reduce((k, p) => k + p.cases.length, 0);
  let n = 0;
  const colours = coloursFor(process.stdout);

  // --capture records each case's traffic by port: one case at a time.
  const workers = capture ? 1 : o.workers;
  await withReferences(plan.map((p) => p.reference), o.image, async (nodes) => {
    const entries = nodes.map(({ node }): Results['references'][number] => ({ provider: node.provider, otp: node.otp, version: node.version, where: node.where, startMs: node.startMs }));
    references.push(...entries);
    // drift: the live node runs real Erlang; the recording is what it is judged by (the same context object, which a restart updates).
    if (o.judgeByRecording) for (const { ctx, node } of nodes) ctx.recorded = { otp: node.otp };
    const runs = nodes.map(({ ctx, session }, k) => ({
      ctx,
      cases: plan[k]!.cases,
      // A node that died mid-run is started again once, so later cases still get a verdict.
      beforeCase: async (): Promise<void> => {
        if (await session.revive(n + 1)) entries[k]!.restarts = session.restarts;
      },
    }));
    const done = await runOnReferences(runs, {
      divergences,
      ...(capture ? { capture } : {}),
      workers,
      onResult: (r, k) => {
        // A case cut short by Ctrl-C has no verdict; the session prints one line and exits.
        if (interrupted()) return;
        n++;
        const reason = r.reasons[0];
        console.log(progressLine({ n, total, elapsedMs: performance.now() - t0, verdict: r.verdict, id: r.id, subject: r.subject, otp: nodes[k]!.node.otp, ...(reason ? { reason } : {}) }, colours));
      },
    });
    if (interrupted()) return;
    // Report order: reference by reference, then the matrix order within each.
    done.forEach((rs, k) =>
      rs.forEach((r, i) => {
        const source = sourceOf.get(r.id);
        const rerun = rerunCommand({ ...r, ...(source ? { source } : {}), ...(o.divergenceFiles ? { divergenceFiles: o.divergenceFiles } : {}) });
        results.push({ ...withScenarioMeta(r, plan[k]!.cases[i]!.scenario), rerun });
      }),
    );
  });

  const report: Results = {
    version: RESULTS_VERSION,
    runId,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    subjects: subjects.map((s) => s.name),
    references,
    ...(o.shard ? { shard: o.shard } : {}),
    summary: summarise(results),
    results,
  };
  const dirs = o.out ? [o.out] : [primaryDir, path.join('reports', 'latest')];
  const gate = o.baseline ? compareWithBaseline(report, loadBaseline(o.baseline)) : undefined;
  for (const dir of dirs) await writeReport(dir, report, gate);
  if (o.writeBaseline) {
    await mkdir(path.dirname(o.writeBaseline), { recursive: true });
    const compact: Results = { ...report, results: report.results.map(({ subjectTrace: _s, referenceTrace: _r, diff: _d, capture: _c, ...c }) => ({ ...c, diff: [] })) };
    await writeFile(o.writeBaseline, JSON.stringify(compact, null, 1) + '\n');
    console.log(`wrote the baseline ${o.writeBaseline}`);
  }
  console.log(`\n${Object.entries(report.summary).map(([k, v]) => `${k} ${v}`).join(', ')} — ${(report.durationMs / 1000).toFixed(1)} s`);
  console.log(`wrote results.json, report.md, junit.xml and index.html to ${dirs.join(' and ')}`);
  if (gate) {
    console.log(describeGate(gate));
    return gate.exitCode;
  }
  return exitCodeFor(results.map((r) => r.verdict));
}

interface OpenReference {
  ctx: RunContext;
  node: ReferenceNode;
  session: ReferenceSession;
}

/** Starts a reference node for each target (one after another) and runs `body` while all are up. */
function withReferences(targets: readonly ReferenceTarget[], image: string | undefined, body: (nodes: OpenReference[]) => Promise<void>): Promise<void> {
  const open = (i: number, nodes: OpenReference[]): Promise<void> =>
    i === targets.length
      ? body(nodes)
      : withReference(targets[i]!.provider, targets[i]!.otp, image, console.log, (ctx, node, session) => open(i + 1, [...nodes, { ctx, node, session }]));
  return open(0, []);
}

/** The four report files of a run. */
export async function writeReport(dir: string, report: Results, gate?: GateOutcome): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'results.json'), JSON.stringify(report, null, 1));
  await writeFile(path.join(dir, 'report.md'), renderMarkdown(report, gate));
  await writeFile(path.join(dir, 'junit.xml'), renderJunit(report));
  const { renderHtml } = await import('../report/html.js');
  await writeFile(path.join(dir, 'index.html'), renderHtml(report));
}
