import type { Results } from '../report/results.js';
import { mergeResults } from './merge.js';
import { familyOf } from '../vocabulary/ids.js';

type R = Results['results'][number];
const ref = (otp: string) => ({ provider: 'local' as const, otp, version: otp, where: 'erl', startMs: 1 });
const result = (id: string, subject: string, otp = '25', verdict: R['verdict'] = 'match'): R => ({
  id, family: familyOf(id), title: id, subject, against: 'erlang:inet', otp, otpVersion: otp, provider: 'local', verdict, reasons: [], durationMs: 1, diff: [],
});
const run = (runId: string, otp: string, results: R[], shard?: { index: number; total: number }): Results => ({
  version: 1, runId, startedAt: `2026-12-06T00:00:0${runId.length}Z`, durationMs: 10, subjects: ['ts:inet', 'ts:socket'], references: [ref(otp)],
  ...(shard ? { shard } : {}), summary: { match: 0, 'match-alt': 0, 'known-divergence': 0, fail: 0, error: 0, unsupported: 0 }, results,
});

test('merge puts shards back in one run\'s order and counts the verdicts again', () => {
  // econnreset comes before shutdown in the suite, and ts:inet before ts:socket.
  const a = run('a', '25', [result('shutdown.bad-sockets', 'ts:socket'), result('econnreset.passive-show', 'ts:socket', '25', 'fail')], { index: 1, total: 2 });
  const b = run('b', '25', [result('econnreset.passive-show', 'ts:inet'), result('shutdown.bad-sockets', 'ts:inet')], { index: 2, total: 2 });
  const m = mergeResults([a, b]);
  expect(m.results.map((r) => `${r.id} ${r.subject}`)).toEqual([
    'econnreset.passive-show ts:inet',
    'econnreset.passive-show ts:socket',
    'shutdown.bad-sockets ts:inet',
    'shutdown.bad-sockets ts:socket',
  ]);
  expect(m.summary.match).toBe(3);
  expect(m.summary.fail).toBe(1);
  expect(m.merged).toEqual(['a', 'b']);
});

test('merge orders releases and refuses overlapping runs and missing shards', () => {
  const r29 = run('x', '29', [result('econnreset.passive-show', 'ts:inet', '29')]);
  const r25 = run('y', '25', [result('econnreset.passive-show', 'ts:inet')]);
  expect(mergeResults([r29, r25]).results.map((r) => r.otp)).toEqual(['25', '29']);
  expect(() => mergeResults([r25, r25])).toThrow('two of the runs hold the case');
  const half = run('h', '25', [result('econnreset.passive-show', 'ts:inet')], { index: 1, total: 3 });
  expect(() => mergeResults([half])).toThrow('shards 2/3, 3/3 against local:25 are missing');
});
