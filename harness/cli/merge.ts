/**
 * gentcp merge: the results of several runs (the shards of one run, or one run
 * per OTP release) as one report, in the order one run would have written it,
 * with the baseline gate applied to the whole.
 */
import { compareWithBaseline, describeGate, loadBaseline } from '../report/baseline.js';
import { RESULTS_VERSION, readResults, summarise, type Results } from '../report/results.js';
import { allScenarios } from '../../suites/index.js';
import { writeReport } from './conformance.js';
import { exitCodeFor } from './exit-codes.js';

export interface MergeOptions {
  dirs: string[];
  out: string;
  baseline: string | undefined;
}

/** Combines runs; a case that two of them hold, or a shard set with holes, is an error. */
export function mergeResults(parts: readonly Results[]): Results {
  if (parts.length === 0) throw new Error('merge needs at least one results directory');
  const refKey = (r: { provider: string; otp: string }): string => `${r.provider}:${r.otp}`;
  const references = [...new Map(parts.flatMap((p) => p.references).map((r) => [refKey(r), r])).values()].sort(
    (a, b) => Number(a.otp) - Number(b.otp) || a.provider.localeCompare(b.provider),
  );
  const subjects = [...new Set(parts.flatMap((p) => p.subjects))];
  const order = new Map(allScenarios().map((s, i) => [s.id, i]));
  const refOrder = new Map(references.map((r, i) => [refKey(r), i]));
  const seen = new Set<string>();
  const results = parts.flatMap((p) => p.results);
  for (const r of results) {
    const key = `${r.id} ${r.subject} ${r.provider}:${r.otp}`;
    if (seen.has(key)) throw new Error(`two of the runs hold the case ${key}: merge takes disjoint shards`);
    seen.add(key);
  }
  // As one run writes them: reference by reference, scenario by scenario, subject by subject.
  const rank = (id: string): number => order.get(id) ?? order.size;
  results.sort(
    (a, b) =>
      (refOrder.get(`${a.provider}:${a.otp}`) ?? 0) - (refOrder.get(`${b.provider}:${b.otp}`) ?? 0) ||
      rank(a.id) - rank(b.id) ||
      a.id.localeCompare(b.id) ||
      subjects.indexOf(a.subject) - subjects.indexOf(b.subject),
  );
  checkShards(parts);
  const started = parts.map((p) => p.startedAt).sort()[0]!;
  return {
    version: RESULTS_VERSION,
    runId: `merged-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    startedAt: started,
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    subjects,
    references,
    merged: parts.map((p) => p.runId),
    summary: summarise(results as never),
    results,
  };
}

/** Shards of one total must all be there, each once, per reference. */
function checkShards(parts: readonly Results[]): void {
  const byRef = new Map<string, { total: number; have: Set<number> }>();
  for (const p of parts) {
    if (!p.shard) continue;
    for (const r of p.references) {
      const key = `${r.provider}:${r.otp}`;
      const e = byRef.get(key) ?? { total: p.shard.total, have: new Set<number>() };
      if (e.total !== p.shard.total) throw new Error(`the runs against ${key} were sharded in ${e.total} and in ${p.shard.total}`);
      if (e.have.has(p.shard.index)) throw new Error(`shard ${p.shard.index}/${p.shard.total} against ${key} is given twice`);
      e.have.add(p.shard.index);
      byRef.set(key, e);
    }
  }
  for (const [key, e] of byRef) {
    const missing = Array.from({ length: e.total }, (_, i) => i + 1).filter((i) => !e.have.has(i));
    if (missing.length) throw new Error(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${e.total}`).join(', ')} against ${key} ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
}

export async function mergeCommand(o: MergeOptions): Promise<number> {
  const report = mergeResults(o.dirs.map(readResults));
  const gate = o.baseline ? compareWithBaseline(report, loadBaseline(o.baseline)) : undefined;
  await writeReport(o.out, report, gate);
  console.log(`merged ${o.dirs.length} run(s): ${Object.entries(report.summary).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`wrote results.json, report.md, junit.xml and index.html to ${o.out}`);
  if (gate) {
    console.log(describeGate(gate));
    return gate.exitCode;
  }
  return exitCodeFor(report.results.map((r) => r.verdict));
}
