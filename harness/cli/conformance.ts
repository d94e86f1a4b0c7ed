/** gentcp conformance: every scenario on every subject, with progress; writes results.json and report.md. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDivergences } from '../compare/divergences.js';
import { normalise, type NormTrace } from '../compare/normalise.js';
import { runCase, type CaseResult } from '../runner/case.js';
import { runScenario } from '../runner/run.js';
import { defaultAgainst, parseSubject } from '../runner/subject.js';
import { Unsupported } from '../runner/executor.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderJunit } from '../report/junit.js';
import { compareWithBaseline, describeGate, loadBaseline, type GateOutcome } from '../report/baseline.js';
import { checkCapture } from '../capture/pcap.js';
import { RESULTS_VERSION, summarise, withScenarioMeta, type Results } from '../report/results.js';
import type { ProviderChoice } from '../providers/types.js';
import { allScenarios } from '../../suites/index.js';
import { interrupted, withReference } from './session.js';
import { exitCodeFor } from './exit-codes.js';

export interface ReferenceTarget {
  provider: ProviderChoice;
  otp?: string;
}

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
}

export async function conformanceCommand(o: ConformanceOptions): Promise<number> {
  const subjects = o.subjects.map(parseSubject);
  const prefixes = o.only?.split(',');
  const scenarios = allScenarios().filter((s) => prefixes === undefined || prefixes.some((p) => s.id.startsWith(p)));
  if (scenarios.length === 0) throw new Error(`no scenario id starts with "${o.only}"`);
  const divergences = loadDivergences();
  const started = new Date();
  const runId = started.toISOString().replace(/[:.]/g, '-');
  const primaryDir = o.out ?? path.join('reports', runId);
  if (o.capture) await checkCapture();
  const capture = o.capture ? { dir: path.join(primaryDir, 'captures'), reportDir: primaryDir } : undefined;
  const t0 = performance.now();
  const results: CaseResult[] = [];
  const references: Results['references'] = [];
  const total = scenarios.length * subjects.length * o.targets.length;
  let n = 0;

  for (const target of o.targets) {
    await withReference(target.provider, target.otp, o.image, console.log, async (ctx, node, session) => {
      const entry: Results['references'][number] = { provider: node.provider, otp: node.otp, version: node.version, where: node.where, startMs: node.startMs };
      references.push(entry);
      for (const s of scenarios) {
        // A node that died mid-run is started again once, so later cases still get a verdict.
        if (await session.revive(n + 1)) entry.restarts = session.restarts;
        // One reference trace per backend serves every subject compared with it.
        const refs = new Map<string, NormTrace | Error>();
        for (const subject of subjects) {
          const against = defaultAgainst(subject);
          // With --capture each case runs (and records) its own reference.
          if (!refs.has(against) && !capture) {
            try {
              refs.set(against, normalise(await runScenario(s, against, ctx), s));
            } catch (e) {
              refs.set(against, e as Error);
            }
          }
          const ref = refs.get(against);
          const r: CaseResult =
            ref instanceof Error
              ? {
                  id: s.id, family: s.id.split('.')[0]!, title: s.title, subject: subject.name, against,
                  otp: node.otp, otpVersion: node.version, provider: node.provider,
                  verdict: ref instanceof Unsupported ? 'unsupported' : 'error', reasons: [`reference: ${ref.message}`], durationMs: 0, diff: [],
                }
              : await runCase(s, subject.name, against, ctx, { divergences, ...(ref ? { reference: ref } : {}), ...(capture ? { capture } : {}) });
          // A case cut short by Ctrl-C has no verdict; the session prints one line and exits.
          if (interrupted()) return;
          results.push(withScenarioMeta(r, s));
          n++;
          const elapsed = ((performance.now() - t0) / 1000).toFixed(1);
          const mark = r.verdict === 'fail' || r.verdict === 'error' ? '✗' : '✓';
          console.log(`[${String(n).padStart(String(total).length)}/${total}] ${elapsed.padStart(6)}s ${mark} ${r.verdict.padEnd(16)} ${s.id} ${subject.name} OTP ${node.otp}${r.verdict === 'fail' || r.verdict === 'error' ? `\n      ${r.reasons[0] ?? ''}` : ''}`);
        }
      }
    });
  }

  const report: Results = {
    version: RESULTS_VERSION,
    runId,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    subjects: subjects.map((s) => s.name),
    references,
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
