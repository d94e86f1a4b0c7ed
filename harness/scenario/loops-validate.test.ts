import { argTimeout, ACTOR_OPS, MAX_LOOP_ITERATIONS } from './ops.js';
import { validateScenario, ScenarioError } from './validate.js';

const withStep = (step: object): unknown => ({
  id: 'acme.loops.case',
  title: 't',
  spec: { section: 's', quote: 'q' },
  rationale: 'r',
  actors: { c: { side: 'subject' } },
  steps: [{ actor: 'c', op: 'connect', args: [[127, 0, 0, 1], 1, { list: [] }], as: 'C' }, { actor: 'c', ...step }],
});
const problems = (data: unknown): string[] => {
  try {
    validateScenario(data);
    return [];
  } catch (e) {
    return (e as ScenarioError).problems;
  }
};

describe('loop ops', () => {
  test('take an iteration bound from 1 to the maximum', () => {
    expect(problems(withStep({ op: 'recv_until_closed', args: [{ sock: 'C' }, 100, 10] }))).toEqual([]);
    expect(problems(withStep({ op: 'send_until_error', args: [{ sock: 'C' }, { bin: 'x' }, 0] }))[0]).toMatch(/^steps\[1\]\.args\[2\]: send_until_error needs an iteration bound/);
    expect(problems(withStep({ op: 'rearm_active', args: [{ sock: 'C' }, 2, MAX_LOOP_ITERATIONS + 1, 100] }))[0]).toMatch(/^steps\[1\]\.args\[2\]: rearm_active needs an iteration bound/);
    expect(problems(withStep({ op: 'rearm_active', args: [{ sock: 'C' }, 2, 'many', 100] }))[0]).toMatch(/iteration bound/);
  });

  test('a timeout that adds up past the longest timer over the iterations is refused', () => {
    expect(problems(withStep({ op: 'recv_until_closed', args: [{ sock: 'C' }, 100_000_000, 100] }))[0]).toMatch(/may wait its timeout on each of its iterations/);
  });

  test('their budget allows the timeout on every iteration', () => {
    expect(argTimeout(ACTOR_OPS.recv_until_closed, [null, 100, 10])).toBe(1100);
    expect(argTimeout(ACTOR_OPS.recv, [null, 0, 100])).toBe(100);
    expect(argTimeout(ACTOR_OPS.send_until_error, [null, null, 10])).toBeUndefined();
  });
});
