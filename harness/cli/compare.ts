/**
 * gentcp compare --from erlang:inet@25 --to erlang:inet@27: real Erlang against real Erlang, for a
 * team planning an OTP upgrade or a switch of inet_backend. Every scenario's recorded trace on the
 * `to` side is judged by its trace on the `from` side, as a subject by its reference; each case that
 * is not a match is a behaviour that differs between the two, shown with both traces, the spec
 * section and the scenario in the usual reports (results.json, report.md, junit.xml, index.html).
 * With --live both sides are recorded afresh first (gentcp record --all into a scratch directory).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { judge } from '../compare/verdict.js';
import { NoRecording, readManifest, readRecorded, type RecordedBackend } from '../recorded/store.js';
import { RESULTS_VERSION, summarise, withScenarioMeta, type Results } from '../report/results.js';
import type { CaseResult } from '../runner/case.js';
import { unsupportedReason } from '../runner/run.js';
import { selectScenarios } from '../runner/conformance.js';
import type { Scenario } from '../scenario/schema.js';
import { familyOf } from '../vocabulary/ids.js';
import { parseSubject } from '../vocabulary/subject.js';
import { allScenarios } from '../../suites/index.js';
import { scenariosFor, writeReport } from './conformance.js';
import { recordAllCommand } from './record-all.js';

/** One side of a comparison: a real Erlang backend on a release. */
export interface ErlangSide {
  backend: RecordedBackend;
  otp: string;
}

/** erlang:inet@27 */
export function parseSide(text: string): ErlangSide {
  const m = /^erlang:(inet|socket)@(25|27|29)$/.exec(text.trim());
  if (!m) throw new Error(`a side of compare is erlang:<inet|socket>@<25|27|29>, not "${text}"`);
  return { backend: m[1] as RecordedBackend, otp: m[2]! };
}

const sideName = (s: ErlangSide): string => `erlang:${s.backend}@${s.otp}`;

export interface CompareOptions {
  from: ErlangSide;
  to: ErlangSide;
  out: string;
  only: string | undefined;
  /** Record both sides afresh (real Erlang must be available) instead of reading fixtures/traces. */
  live: boolean;
  /** Recordings directory (default: GENTCP_TRACES_DIR or fixtures/traces). */
  traces: string | undefined;
  /** --scenarios: a user's scenario files instead of the built-in suite. */
  scenarioPaths?: string[];
}

/** The case of one scenario: the `to` side judged by the `from` side. */
async function compareCase(s: Scenario, o: CompareOptions, root: string | undefined): Promise<CaseResult> {
  const base = { id: s.id, family: familyOf(s.id), title: s.title, subject: sideName(o.to), against: sideName(o.from), otp: o.to.otp, durationMs: 0, provider: 'recorded' };
  const skip = unsupportedReason(s, parseSubject(`erlang:${o.from.backend}`), o.from.otp) ?? unsupportedReason(s, parseSubject(`erlang:${o.to.backend}`), o.to.otp);
  if (skip) return { ...base, otpVersion: o.to.otp, verdict: 'unsupported', reasons: [skip], diff: [] };
  try {
    const [from, to] = await Promise.all([readRecorded(o.from.otp, o.from.backend, s.id, root), readRecorded(o.to.otp, o.to.backend, s.id, root)]);
    const unstable = [from, to].filter((r) => !r.stable).map((r) => `erlang:${r.backend}@${r.otp}`);
    if (unstable.length) return { ...base, otpVersion: to.otpVersion, verdict: 'unsupported', reasons: [`real Erlang's runs disagreed when ${unstable.join(' and ')} was recorded`], diff: [] };
    const j = judge({ scenario: s, reference: from.trace, subject: to.trace, divergences: [] });
    return { ...base, otpVersion: to.otpVersion, verdict: j.verdict, reasons: j.reasons, referenceTrace: from.trace, subjectTrace: to.trace, diff: j.rows };
  } catch (e) {
    if (e instanceof NoRecording) return { ...base, otpVersion: o.to.otp, verdict: 'unsupported', reasons: [e.message], diff: [] };
    throw e;
  }
}

/** Every behaviour that differs, by family: the scenario, its spec section, and the lines of both traces that differ. */
function differencesMarkdown(o: Pick<CompareOptions, 'from' | 'to'>, differ: Array<CaseResult & { spec?: { section: string } }>, total: number): string {
  const out = [`# ${sideName(o.from)} → ${sideName(o.to)}: ${differ.length} of ${total} scenarios behave differently`, ''];
  out.push(`Each scenario's trace on ${sideName(o.to)} judged by its trace on ${sideName(o.from)} (real Erlang, recorded). \`<\` is ${sideName(o.from)}, \`>\` is ${sideName(o.to)}.`, '');
  const families = [...new Set(differ.map((r) => r.family))];
  for (const f of families) {
    out.push(`## ${f}`, '');
    for (const r of differ.filter((x) => x.family === f)) {
      out.push(`### \`${r.id}\`: ${r.title}`, '', `Spec: ${r.spec?.section ?? '(none)'}`, '', '```');
      for (const row of r.diff.filter((d) => d.mark !== '=')) {
        if (row.left !== undefined) out.push(`< ${row.left}`);
        if (row.right !== undefined) out.push(`> ${row.right}`);
      }
      out.push('```', '');
    }
  }
  return out.join('\n');
}

/** What one comparison found: the case counts by verdict, and the ids that differ by family. */
export interface ComparisonSummary {
  name: string;
  from: string;
  to: string;
  summary: Results['summary'];
  differ: Record<string, string[]>;
}

/** The standing reports: each backend's OTP upgrades, and the backend migration on each release. */
export const STANDING: Array<{ name: string; from: ErlangSide; to: ErlangSide }> = [
  ...(['inet', 'socket'] as const).flatMap((b) => [
    { name: `upgrade-${b}-25-27`, from: { backend: b, otp: '25' }, to: { backend: b, otp: '27' } },
    { name: `upgrade-${b}-27-29`, from: { backend: b, otp: '27' }, to: { backend: b, otp: '29' } },
  ]),
  ...['25', '27', '29'].map((otp) => ({ name: `backend-${otp}`, from: { backend: 'inet' as const, otp }, to: { backend: 'socket' as const, otp } })),
];

/** Writes every standing comparison under `out`, and README.md and summary.json listing their counts. */
export async function standingReports(o: { out: string; only: string | undefined; traces: string | undefined; scenarioPaths?: string[] }): Promise<number> {
  const summaries: ComparisonSummary[] = [];
  let code = 0;
  for (const s of STANDING) {
    const c = await compareCommand({ from: s.from, to: s.to, out: path.join(o.out, s.name), only: o.only, live: false, traces: o.traces, ...(o.scenarioPaths ? { scenarioPaths: o.scenarioPaths } : {}) });
    code = Math.max(code, c);
    const r = JSON.parse(await readFile(path.join(o.out, s.name, 'results.json'), 'utf8')) as Results;
    const differ: Record<string, string[]> = {};
    for (const x of r.results) if (x.verdict === 'fail') (differ[x.family] ??= []).push(x.id);
    summaries.push({ name: s.name, from: sideName(s.from), to: sideName(s.to), summary: r.summary, differ });
  }
  await writeFile(path.join(o.out, 'summary.json'), JSON.stringify(summaries, null, 1) + '\n');
  const rows = summaries.map((x) => `| [${x.from} → ${x.to}](${x.name}/differences.md) | ${x.summary.fail} | ${x.summary.match + x.summary['match-alt']} | ${x.summary.unsupported} | ${Object.entries(x.differ).map(([f, ids]) => `${f} ${ids.length}`).join(', ')} |`);
  await writeFile(
    path.join(o.out, 'README.md'),
    [
      '# What changes between OTP releases and between the backends',
      '',
      "Generated by `gentcp compare --standing` from real Erlang's recorded traces (fixtures/traces): each row judges every scenario",
      "on the right-hand side by its trace on the left, as a subject by its reference. A difference is a behaviour a program can see.",
      'Each link lists them by family with the lines of both traces that differ; report.md beside it has the verdict table (the full',
      'HTML pages, with both traces in whole, are written where the command runs; CI keeps them as artifacts).',
      '',
      '| comparison | differ | same | not comparable | differences by family |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  return code;
}

export async function compareCommand(o: CompareOptions): Promise<number> {
  const t0 = performance.now();
  const started = new Date();
  let scratch: string | undefined;
  let root = o.traces;
  try {
    if (o.live) {
      scratch = await mkdtemp(path.join(tmpdir(), 'gentcp-compare-'));
      const otps = [...new Set([o.from.otp, o.to.otp])];
      const code = await recordAllCommand({ targets: otps.map((otp) => ({ provider: 'auto', otp })), image: undefined, repeat: 2, only: o.only, workers: 8, out: scratch, ...(o.scenarioPaths ? { scenarioPaths: o.scenarioPaths } : {}) });
      if (code !== 0) console.log('compare --live: some cases could not be recorded (see above); they count as unsupported');
      root = scratch;
    }
    const manifests = [o.from, o.to].map((s) => readManifest(s.otp, root));
    const scenarios = selectScenarios(o.scenarioPaths ? await scenariosFor({ scenarioPaths: o.scenarioPaths }) : allScenarios(), o.only);
    const results: CaseResult[] = [];
    const again = (id: string): string => `gentcp compare --from ${sideName(o.from)} --to ${sideName(o.to)} --only ${id} --out ${o.out}${o.traces ? ` --traces ${o.traces}` : ''}`;
    for (const s of scenarios) results.push({ ...withScenarioMeta(await compareCase(s, o, root), s), rerun: again(s.id) });
    const report: Results = {
      version: RESULTS_VERSION,
      runId: started.toISOString().replace(/[:.]/g, '-'),
      startedAt: started.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      subjects: [sideName(o.to)],
      references: manifests.map((m) => ({ provider: 'recorded' as const, otp: m.otp, version: m.otpVersion, where: `recorded ${m.recordedAt.slice(0, 10)} (erts ${m.erts}) on ${m.provider} ${m.where}`, startMs: 0 })),
      summary: summarise(results),
      results,
    };
    await writeReport(o.out, report);
    const differ = results.filter((r) => r.verdict === 'fail');
    await writeFile(path.join(o.out, 'differences.md'), differencesMarkdown(o, differ, results.length));
    const byFamily = new Map<string, number>();
    for (const r of differ) byFamily.set(r.family, (byFamily.get(r.family) ?? 0) + 1);
    console.log(`${sideName(o.from)} -> ${sideName(o.to)}: ${differ.length} of ${results.length} scenarios behave differently${differ.length ? ` (${[...byFamily].map(([f, n]) => `${f} ${n}`).join(', ')})` : ''}`);
    console.log(`wrote results.json, report.md, junit.xml and index.html to ${o.out}`);
    // Differences are the report's content, not a failure; a case that could not be judged is.
    return results.some((r) => r.verdict === 'error') ? 2 : 0;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
