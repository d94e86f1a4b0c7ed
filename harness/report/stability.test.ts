import type { Results } from './results.js';
import { compareRuns, describeStability } from './stability.js';

type R = Results['results'][number];
const row = (id: string, verdict: R['verdict'], right: string, subject = 'ts:inet'): R => ({
  id, family: id.split('.')[0]!, title: id, subject, against: 'erlang:inet', otp: '25', otpVersion: '25.2.3', provider: 'local', verdict, reasons: [],
  durationMs: 1, diff: [{ left: '#0 c listen -> {ok,L}', right: '#0 c listen -> {ok,L}', mark: '=' }, { left: '#1 c recv -> {error,closed}', right, mark: right === '#1 c recv -> {error,closed}' ? '=' : '≠' }],
});
const run = (results: R[]): Results => ({
  version: 1, runId: 'r', startedAt: '2026-12-06T00:00:00Z', durationMs: 1, subjects: ['ts:inet'], references: [{ provider: 'local', otp: '25', version: '25.2.3', where: 'erl', startMs: 1 }],
  summary: { match: 0, 'match-alt': 0, 'known-divergence': 0, fail: 0, error: 0, unsupported: 0 }, results,
});

const same = '#1 c recv -> {error,closed}';

test('runs that agree on every verdict and compared line are stable', () => {
  const a = run([row('f.a', 'match', same), row('f.b', 'fail', '#1 c recv -> {error,einval}')]);
  const s = compareRuns([a, a, a]);
  expect(s).toEqual({ runs: 3, cases: 2, missing: [], unstable: [] });
  expect(describeStability(s)).toBe('3 runs, 2 cases: 0 changed between runs');
});

test('a changed verdict or a changed compared line makes a case unstable, with the first difference named', () => {
  const one = run([row('f.a', 'match', same), row('f.b', 'match', same)]);
  const two = run([row('f.a', 'match', same), row('f.b', 'fail', '#1 c recv -> {error,timeout}')]);
  const three = run([row('f.a', 'match', same), row('f.b', 'match', same)]);
  const s = compareRuns([one, two, three]);
  expect(s.unstable).toEqual([
    {
      key: 'f.b ts:inet local:25',
      verdicts: { match: 2, fail: 1 },
      traces: 2,
      firstDifference: { run: 2, expected: '= #1 c recv -> {error,closed} | #1 c recv -> {error,closed}', actual: '≠ #1 c recv -> {error,closed} | #1 c recv -> {error,timeout}' },
    },
  ]);
  expect(describeStability(s)).toContain('f.b ts:inet local:25: match ×2, fail ×1; 2 different traces');
});

test('cases that only some runs hold are listed, not compared; one run is refused', () => {
  const s = compareRuns([run([row('f.a', 'match', same)]), run([row('f.a', 'match', same), row('f.b', 'match', same)])]);
  expect(s.missing).toEqual(['f.b ts:inet local:25']);
  expect(s.unstable).toEqual([]);
  expect(() => compareRuns([run([])])).toThrow('at least two runs');
});
