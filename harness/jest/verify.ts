/**
 * Scenarios as Jest tests in a user's project: run one on a subject and on the
 * reference node the global setup started, and fail with the explained diff.
 */
import { loadDivergences, type Divergence } from '../compare/divergences.js';
import { ACCEPTABLE, explain } from '../report/explain.js';
import { runCase, type CaseResult } from '../runner/case.js';
import { defaultAgainst, parseSubject } from '../vocabulary/subject.js';
import type { Scenario } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';
import { connectReference, publishedReferences, servesSubject } from '../testing/references.js';

export interface VerifyOptions {
  /** The implementation to test (default ts:inet): a built-in subject, module:<path>[@backend] or node:<host>:<port>[@backend]. */
  subject?: string;
  /** The real Erlang backend to compare with (default: erlang:<the subject's backend>). */
  against?: string;
  /** Known divergences that count as a pass (default: the ones gentcp-conformance ships). */
  divergences?: Divergence[];
}

/** A scenario that did not conform; `results` holds each case, its traces and diff. */
export class ConformanceError extends Error {
  constructor(
    message: string,
    readonly results: CaseResult[],
  ) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** Runs the scenario on the subject and on each reference of the Jest run; one result per reference. */
export async function verifyScenario(scenario: Scenario, o: VerifyOptions = {}): Promise<CaseResult[]> {
  const s = validateScenario(scenario);
  const subject = parseSubject(o.subject ?? 'ts:inet');
  const against = parseSubject(o.against ?? defaultAgainst(subject));
  if (against.impl !== 'erlang') throw new Error(`against must be a real Erlang backend (erlang:inet or erlang:socket), not ${against.name}`);
  const refs = publishedReferences().filter((r) => servesSubject(r, subject));
  if (refs.length === 0) throw new Error(`no reference of this Jest run serves ${subject.name} (see GENTCP_REFERENCES)`);
  const divergences = o.divergences ?? loadDivergences();
  const results: CaseResult[] = [];
  for (const ref of refs) {
    const { ctx, close } = await connectReference(ref);
    try {
      results.push(await runCase(s, subject.name, against.name, ctx, { divergences }));
    } finally {
      close();
    }
  }
  return results;
}

/**
 * gentcp-conformance's verify helper: resolves with the results when the scenario
 * conforms on every reference (match, match-alt or a known divergence), else
 * rejects with a ConformanceError whose message shows both traces' diff.
 *
 *     await expectConformance(myScenario, { subject: 'ts:socket' });
 */
export async function expectConformance(scenario: Scenario, o: VerifyOptions = {}): Promise<CaseResult[]> {
  const results = await verifyScenario(scenario, o);
  const bad = results.filter((r) => !ACCEPTABLE.has(r.verdict));
  if (bad.length) throw new ConformanceError(bad.map(explain).join('\n\n'), results);
  return results;
}

/**
 * The same check as a Jest matcher: `expect.extend(conformanceMatchers)`, then
 * `await expect(myScenario).toConform({ subject: 'ts:inet' })`.
 */
export const conformanceMatchers = {
  async toConform(received: Scenario, o: VerifyOptions = {}): Promise<{ pass: boolean; message: () => string }> {
    const results = await verifyScenario(received, o);
    const bad = results.filter((r) => !ACCEPTABLE.has(r.verdict));
    return {
      pass: bad.length === 0,
      message: () => (bad.length ? bad.map(explain).join('\n\n') : `expected ${received.id} not to conform, but it gave ${results.map((r) => r.verdict).join(', ')}`),
    };
  },
};
