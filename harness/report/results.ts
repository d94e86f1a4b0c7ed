/** results.json: what a conformance run wrote, in a stable, versioned shape (fixtures/results.schema.json). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { VERDICTS, type Verdict } from '../compare/verdict.js';
import type { CaseResult } from '../runner/case.js';
import type { Scenario } from '../scenario/schema.js';
import { fieldPath } from '../scenario/validate.js';

export const RESULTS_VERSION = 1;

const Reference = z.object({
  provider: z.enum(['container', 'local', 'recorded']),
  otp: z.string(),
  version: z.string(),
  where: z.string(),
  startMs: z.number(),
  restarts: z
    .array(z.object({ reason: z.string(), atCase: z.number().int() }))
    .optional()
    .describe('the node was started again after its driver went away, before case atCase'),
});

export const CaseResultSchema = z.object({
  id: z.string(),
  family: z.string(),
  title: z.string(),
  subject: z.string(),
  against: z.string(),
  otp: z.string(),
  otpVersion: z.string(),
  provider: z.string(),
  verdict: z.enum(VERDICTS),
  reasons: z.array(z.string()),
  durationMs: z.number(),
  divergence: z.object({ scenario: z.string(), reason: z.string(), evidence: z.string() }).loose().optional(),
  subjectTrace: z.unknown().optional().describe('the normalised subject trace (harness/compare/normalise.ts NormTrace)'),
  referenceTrace: z.unknown().optional().describe('the normalised reference trace'),
  diff: z.array(z.object({ left: z.string().optional(), right: z.string().optional(), mark: z.enum(['=', '≠', '<', '>']) })),
  stability: z.unknown().optional(),
  capture: z
    .object({ reference: z.unknown().optional(), subject: z.unknown().optional() })
    .optional()
    .describe('with --capture: per run, the pcap path (relative to the report) and the FIN/RST/SYN events'),
  spec: z.object({ section: z.string(), quote: z.string() }).optional().describe("the scenario's spec section and the quoted sentence under test"),
  rationale: z.string().optional().describe("the scenario's requirement, in one line"),
  rerun: z.string().optional().describe('the command that re-runs this case'),
});

export const ResultsSchema = z.object({
  version: z.literal(RESULTS_VERSION),
  runId: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  subjects: z.array(z.string()),
  references: z.array(Reference),
  shard: z.object({ index: z.number().int(), total: z.number().int() }).optional().describe('--shard i/n: this run holds only that share of the scenarios'),
  merged: z.array(z.string()).optional().describe('gentcp merge: the runIds of the runs combined here'),
  summary: z.record(z.enum(VERDICTS), z.number().int()),
  results: z.array(CaseResultSchema),
});

export type Results = z.infer<typeof ResultsSchema>;

export function summarise(results: CaseResult[]): Record<Verdict, number> {
  const s = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of results) s[r.verdict]++;
  return s;
}

/** What a report shows of a case's scenario besides its results. */
export interface ScenarioMeta {
  spec?: { section: string; quote: string };
  rationale?: string;
}

/** A case result with its scenario's spec section, quote and rationale, for the reports (results.json, index.html). */
export function withScenarioMeta<R extends CaseResult>(result: R, scenario: Pick<Scenario, 'spec' | 'rationale'>): R & ScenarioMeta {
  return { ...result, spec: { section: scenario.spec.section, quote: scenario.spec.quote }, rationale: scenario.rationale };
}

/** The results.json in `dir`, checked against the schema; the error names the file and the field. */
export function readResults(dir: string): Results {
  const file = path.join(dir, 'results.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const parsed = ResultsSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${file} is not a gentcp results.json: ${parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
