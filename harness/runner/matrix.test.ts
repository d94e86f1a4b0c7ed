import { LOOPBACK, fill, scenario } from '../../suites/builder.js';
import type { CaseResult } from './case.js';
import { HEAVY_AT_ONCE, matrixCases, runMatrix, weight, type MatrixCase } from './matrix.js';

const light = (id: string) =>
  scenario(id, { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    const { c, s } = b.cast({ c: 'subject', s: 'peer' });
    const L = s.listen('L', 0, ['binary']);
    c.connect('C', LOOPBACK, L.port, ['binary']);
  });
const heavy = (id: string) =>
  scenario(id, { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    const { c, s } = b.cast({ c: 'subject', s: 'peer' });
    const L = s.listen('L', 0, ['binary']);
    const C = c.connect('C', LOOPBACK, L.port, ['binary']);
    c.send(C, fill(4 << 20));
  });
const rebinds = (id: string) =>
  scenario(id, { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    const s = b.subject('s');
    const L = s.listen('L', 0, ['binary']);
    s.close(L);
    s.listen('L2', L.port, ['binary']);
  });
const fixedPort = (id: string) =>
  scenario(id, { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    b.subject('s').listen('L', 65535, ['binary']);
  });
const racy = (id: string) =>
  scenario(id, { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    const s = b.subject('s');
    const L = s.listen('L', 0, ['binary']);
    s.accept('A', L, 1000).nowait('blocked');
    b.wait(50);
    s.close(L);
    b.join(['blocked'], 1000);
  });
const timed = (id: string) =>
  scenario(id, { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    const s = b.subject('s');
    s.listen('L', 0, ['binary']).id('l');
    b.within('l', 100, 50);
  });

test('weights: fixed or rebound ports run alone; timing bands and calls raced against a wait are timed; bulk data is heavy', () => {
  expect(weight(light('a.light'))).toBe('light');
  expect(weight(heavy('a.heavy'))).toBe('heavy');
  expect(weight(rebinds('a.rebind'))).toBe('alone');
  expect(weight(timed('a.timed'))).toBe('timed');
  expect(weight(fixedPort('a.fixed'))).toBe('alone');
  expect(weight(racy('a.racy'))).toBe('timed');
});

/** A runner that counts what runs at once, ending cases in an order of its own. */
function countingRunner() {
  const running: MatrixCase[] = [];
  const seen = { most: 0, heavyOver: 0, mostHeavy: 0, heavyBesideTimed: 0, timedPairs: 0, aloneShared: 0, order: [] as string[] };
  let tick = 0;
  return {
    seen,
    async run(c: MatrixCase): Promise<CaseResult> {
      running.push(c);
      seen.most = Math.max(seen.most, running.length);
      const count = (w: string): number => running.filter((r) => weight(r.scenario) === w).length;
      if (count('heavy') > HEAVY_AT_ONCE) seen.heavyOver++;
      seen.mostHeavy = Math.max(seen.mostHeavy, count('heavy'));
      if (count('heavy') > 0 && count('timed') > 0) seen.heavyBesideTimed++;
      if (count('timed') > 1) seen.timedPairs++;
      if (running.length > 1 && running.some((r) => weight(r.scenario) === 'alone')) seen.aloneShared++;
      // Later cases end sooner, so completion order differs from case order.
      const turns = 1 + ((7 * ++tick) % 5);
      for (let i = 0; i < turns; i++) await Promise.resolve();
      running.splice(running.indexOf(c), 1);
      seen.order.push(`${c.scenario.id} ${c.subject}`);
      return { id: c.scenario.id, subject: c.subject, verdict: 'match' } as CaseResult;
    },
  };
}

test('runMatrix keeps report order, its worker limit, at most HEAVY_AT_ONCE heavy cases at a time, never beside a timed one, and alone cases alone', async () => {
  const scenarios = [light('f.l1'), heavy('f.h1'), rebinds('f.r1'), light('f.l2'), heavy('f.h2'), timed('f.t1'), light('f.l3'), heavy('f.h3'), racy('f.t2')];
  const cases = matrixCases(scenarios, ['ts:inet', 'ts:socket']);
  const runner = countingRunner();
  const results = await runMatrix(cases, runner, 4);
  expect(results.map((r) => `${r.id} ${r.subject}`)).toEqual(cases.map((c) => `${c.scenario.id} ${c.subject}`));
  expect(runner.seen.order).not.toEqual(cases.map((c) => `${c.scenario.id} ${c.subject}`));
  expect(runner.seen.most).toBe(4);
  expect(runner.seen.heavyOver).toBe(0);
  expect(runner.seen.mostHeavy).toBe(HEAVY_AT_ONCE);
  expect(runner.seen.heavyBesideTimed).toBe(0);
  // Timed cases share the machine with each other (the two subjects of f.t1, then of f.t2).
  expect(runner.seen.timedPairs).toBeGreaterThan(0);
  expect(runner.seen.aloneShared).toBe(0);
});

test('one worker runs the cases one by one', async () => {
  const runner = countingRunner();
  await runMatrix(matrixCases([light('f.a'), light('f.b')], ['ts:inet']), runner, 1);
  expect(runner.seen.most).toBe(1);
});
