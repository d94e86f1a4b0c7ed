import { syntheticResults } from './fixtures.js';
import { compareWithBaseline } from './baseline.js';

describe('the baseline gate', () => {
  const baseline = syntheticResults([
    { id: 'a.one', verdict: 'match' },
    { id: 'a.two', verdict: 'fail' },
    { id: 'a.three', verdict: 'known-divergence' },
    { id: 'a.four', verdict: 'error' },
  ]);

  test('the same results pass', () => {
    expect(compareWithBaseline(baseline, baseline)).toEqual({ regressions: [], improvements: [], exitCode: 0 });
  });

  test('a case that newly fails is a regression and fails the gate', () => {
    const now = syntheticResults([
      { id: 'a.one', verdict: 'fail' },
      { id: 'a.two', verdict: 'fail' },
      { id: 'a.three', verdict: 'known-divergence' },
      { id: 'a.four', verdict: 'error' },
    ]);
    const g = compareWithBaseline(now, baseline);
    expect(g.exitCode).toBe(1);
    expect(g.regressions.map((r) => `${r.id}: ${r.was} -> ${r.now}`)).toEqual(['a.one: match -> fail']);
  });

  test('an improvement is reported and passes', () => {
    const now = syntheticResults([
      { id: 'a.one', verdict: 'match' },
      { id: 'a.two', verdict: 'match' },
      { id: 'a.three', verdict: 'match' },
      { id: 'a.four', verdict: 'match' },
    ]);
    const g = compareWithBaseline(now, baseline);
    expect(g.exitCode).toBe(0);
    expect(g.improvements.map((r) => r.id)).toEqual(['a.two', 'a.four']);
  });

  test('a new harness error exits 2; a case the baseline lacks is judged on its own', () => {
    const now = syntheticResults([
      { id: 'a.one', verdict: 'error' },
      { id: 'a.two', verdict: 'fail' },
      { id: 'a.three', verdict: 'known-divergence' },
      { id: 'a.four', verdict: 'error' },
      { id: 'a.five', verdict: 'fail' },
    ]);
    const g = compareWithBaseline(now, baseline);
    expect(g.exitCode).toBe(2);
    expect(g.regressions.map((r) => r.id)).toEqual(['a.one', 'a.five']);
  });

  test('the same case on another subject or release is another case', () => {
    const now = syntheticResults([{ id: 'a.one', verdict: 'fail', otp: '27' }]);
    expect(compareWithBaseline(now, baseline).regressions).toHaveLength(1);
  });
});
