/**
 * gentcp stability: the same cases run several times should give the same
 * verdict and the same compared traces each time. Lists every case whose verdict,
 * or whose subject or reference trace as the comparison saw it, changed.
 */
import type { Results } from './results.js';

export interface UnstableCase {
  /** `id subject provider:otp` */
  key: string;
  /** How often each verdict came out, in the order first seen. */
  verdicts: Record<string, number>;
  /** How many different compared traces the runs gave (1: only the verdict changed). */
  traces: number;
  /** The first compared line that differs between the first run and a later one. */
  firstDifference?: { run: number; expected: string; actual: string };
}

export interface Stability {
  runs: number;
  cases: number;
  /** Cases that some run did not hold (a different --only, shard or scenario set). */
  missing: string[];
  unstable: UnstableCase[];
}

type Row = Results['results'][number];

const keyOf = (r: Row): string => `${r.id} ${r.subject} ${r.provider}:${r.otp}`;

/** The lines the comparison looked at: subject and reference side of each diff row, times left out. */
function comparedLines(r: Row): string[] {
  return r.diff.map((d) => `${d.mark} ${d.left ?? ''} | ${d.right ?? ''}`);
}

/** Compares runs of the same cases, in the order of the first run. */
export function compareRuns(runs: readonly Results[]): Stability {
  if (runs.length < 2) throw new Error('stability needs the results of at least two runs');
  const byRun = runs.map((run) => new Map(run.results.map((r) => [keyOf(r), r])));
  const keys = [...new Set(runs.flatMap((run) => run.results.map(keyOf)))];
  const missing = keys.filter((k) => byRun.some((m) => !m.has(k)));
  const unstable: UnstableCase[] = [];
  for (const key of keys) {
    const rows = byRun.map((m) => m.get(key)).filter((r): r is Row => r !== undefined);
    if (rows.length < 2) continue;
    const verdicts: Record<string, number> = {};
    for (const r of rows) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
    const lines = rows.map(comparedLines);
    const traces = new Set(lines.map((l) => JSON.stringify(l))).size;
    if (Object.keys(verdicts).length === 1 && traces === 1) continue;
    const u: UnstableCase = { key, verdicts, traces };
    const first = lines[0]!;
    for (let run = 1; run < lines.length && !u.firstDifference; run++) {
      const other = lines[run]!;
      const at = Array.from({ length: Math.max(first.length, other.length) }, (_, i) => i).find((i) => first[i] !== other[i]);
      if (at !== undefined) u.firstDifference = { run: run + 1, expected: first[at] ?? '(no line)', actual: other[at] ?? '(no line)' };
    }
    unstable.push(u);
  }
  return { runs: runs.length, cases: keys.length, missing, unstable };
}

/** One paragraph a person reads: the count, then each unstable case. */
export function describeStability(s: Stability): string {
  const out = [`${s.runs} runs, ${s.cases} cases: ${s.unstable.length} changed between runs`];
  if (s.missing.length) out.push(`${s.missing.length} case(s) missing from some runs, not compared: ${s.missing.slice(0, 5).join('; ')}${s.missing.length > 5 ? ' …' : ''}`);
  for (const u of s.unstable) {
    const v = Object.entries(u.verdicts).map(([k, n]) => `${k} ×${n}`).join(', ');
    out.push(`  ${u.key}: ${v}; ${u.traces} different trace${u.traces === 1 ? '' : 's'}`);
    if (u.firstDifference) out.push(`    run 1: ${u.firstDifference.expected}\n    run ${u.firstDifference.run}: ${u.firstDifference.actual}`);
  }
  return out.join('\n');
}
