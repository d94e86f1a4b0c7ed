/** gentcp conformance: every scenario on every subject, with progress; writes results.json and report.md. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAllDivergences } from '../compare/divergences.js';
import { BUILTIN_SOURCE, loadScenarioSources, uniqueScenarios } from '../scenario/sources.js';
import type { Scenario } from '../scenario/schema.js';
import type { CaseResult } from '../runner/case.js';
import { conformancePlan, runOnReference } from '../runner/conformance.js';
import { inShard } from '../runner/sharing.js';
import { parseSubject } from '../vocabulary/subject.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderJunit } from '../report/junit.js';
import { compareWithBaseline, describeGate, loadBaseline, type GateOutcome } from '../report/baseline.js';
import { checkCapture } from '../capture/pcap.js';
import { RESULTS_VERSION, summarise, withScenarioMeta, type Results } from '../report/results.js';
import { allScenarios } from '../../suites/index.js';
import { interrupted, withReference } from './session.js';
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
}

/** The scenarios a run covers: the built-in suite, the --scenarios files, or both (built-ins first); each id once. */
export async function scenariosFor(o: Pick<ConformanceOptions, 'scenarioPaths' | 'withBuiltin'>): Promise<Scenario[]> {
  const paths = o.scenarioPaths ?? [];
  if (paths.length === 0) return allScenarios();
  const own = await loadScenarioSources(paths);
  const builtin = o.withBuiltin ? allScenarios().map((scenario) => ({ scenario, source: BUILTIN_SOURCE })) : [];
  return uniqueScenarios([...builtin, ...own]);
}

export async function conformanceCommand(o: ConformanceOptions): Promise<number> {
  const subjects = o.subjects.map(parseSubject);
  const prefixes = o.only?.split(',');
  const selected = (await scenariosFor(o)).filter((s) => prefixes === undefined || prefixes.some((p) => s.id.startsWith(p)));
  if (selected.length === 0) throw new Error(`no scenario id starts with "${o.only}"`);
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
  for (const { reference: target, cases } of plan) {
    await withReference(target.provider, target.otp, o.image, console.log, async (ctx, node, session) => {
      const entry: Results['references'][number] = { provider: node.provider, otp: node.otp, version: node.version, where: node.where, startMs: node.startMs };
      references.push(entry);
      const done = await runOnReference(ctx, cases, {
        divergences,
        ...(capture ? { capture } : {}),
        workers,
        // A node that died mid-run is started again once, so later cases still get a verdict.
        beforeCase: async () => {
          if (await session.revive(n + 1)) entry.restarts = session.restarts;
        },
        onResult: (r) => {
          // A case cut short by Ctrl-C has no verdict; the session prints one line and exits.
          if (interrupted()) return;
          n++;
          const reason = r.reasons[0];
          console.log(progressLine({ n, total, elapsedMs: performance.now() - t0, verdict: r.verdict, id: r.id, subject: r.subject, otp: node.otp, ...(reason ? { reason } : {}) }, colours));
        },
      });
      if (interrupted()) return;
      done.forEach((r, i) => results.push(withScenarioMeta(r, cases[i]!.scenario)));
    });
  }

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

/** The four report files of a run. */
export async function writeReport(dir: string, report: Results, gate?: GateOutcome): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'results.json'), JSON.stringify(report, null, 1));
  await writeFile(path.join(dir, 'report.md'), renderMarkdown(report, gate));
  await writeFile(path.join(dir, 'junit.xml'), renderJunit(report));
  const { renderHtml } = await import('../report/html.js');
  await writeFile(path.join(dir, 'index.html'), renderHtml(report));
}
