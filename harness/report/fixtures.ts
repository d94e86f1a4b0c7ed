/** Small Results objects for the report tests. */
import type { Verdict } from '../compare/verdict.js';
import { familyOf } from '../vocabulary/ids.js';
import { RESULTS_VERSION, type Results } from './results.js';

export function syntheticResults(cases: Array<{ id: string; subject?: string; otp?: string; verdict: Verdict }>): Results {
  const results = cases.map((c) => ({
    id: c.id,
    family: familyOf(c.id),
    title: `title of ${c.id} <with & "markup">`,
    subject: c.subject ?? 'ts:inet',
    against: `erlang:${(c.subject ?? 'ts:inet').split(':')[1]}`,
    otp: c.otp ?? '25',
    otpVersion: '25.2.3',
    provider: 'local',
    verdict: c.verdict,
    reasons: c.verdict === 'match' ? [] : [`reason for ${c.verdict} \u0001 <tag>`],
    durationMs: 123,
    ...(c.verdict === 'known-divergence'
      ? { divergence: { scenario: c.id, subjects: ['ts:inet'], reason: 'cannot on Node because …', evidence: 'measured …' } }
      : {}),
    diff: c.verdict === 'fail' ? [{ left: '#1 client recv -> {ok,<<"a">>}', right: '#1 client recv -> {error,closed}', mark: '≠' as const }] : [],
  }));
  const summary = Object.fromEntries(['match', 'match-alt', 'known-divergence', 'fail', 'error', 'unsupported'].map((v) => [v, results.filter((r) => r.verdict === v).length])) as Results['summary'];
  return {
    version: RESULTS_VERSION,
    runId: 'test-run',
    startedAt: '2026-11-26T00:00:00.000Z',
    durationMs: 1000,
    subjects: [...new Set(results.map((r) => r.subject))],
    references: [{ provider: 'local', otp: '25', version: '25.2.3', where: 'erl on PATH', startMs: 300 }],
    summary,
    results,
  };
}
