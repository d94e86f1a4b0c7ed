/** replay.json carries what the runner works out, so the replays keep no constant of their own. */
import { BUDGET_MARGIN_MS, DEFAULT_SCENARIO_BUDGET_MS, DEFAULT_SETTLE_MS, DEFAULT_STEP_BUDGET_MS } from '../scenario/budgets.js';
import { validateScenario } from '../scenario/validate.js';
import { allScenarios } from '../../suites/index.js';
import { planJson, replayPlan, type PlanCall } from './plan.js';

const scenario = validateScenario({
  id: 'acme.repro.plan',
  title: 't',
  spec: { section: 's', quote: 'q' },
  rationale: 'r',
  actors: { c: { side: 'subject' }, s: { side: 'peer' }, late: { side: 'subject', start: 'spawn' } },
  steps: [
    { actor: 's', op: 'listen', args: [0, { list: ['binary'] }], as: 'L' },
    { actor: 'c', op: 'connect', args: [[127, 0, 0, 1], { portOf: 'L' }, { str: '' }, 1000], as: 'C' },
    { actor: 's', op: 'accept', args: [{ sock: 'L' }], nowait: true, id: 'acc' },
    { op: 'join', ids: ['acc'] },
    { actor: 'c', op: 'recv_until_closed', args: [{ sock: 'C' }, 100, 10] },
    { actor: 'c', op: 'send', args: [{ sock: 'C' }, { bin: 'caf\u00e9' }], budgetMs: 42 },
    { op: 'await', actor: 'c', until: { count: 1 }, timeout: 10 },
    { op: 'spawn', actor: 'late' },
  ],
});

describe('replay plan', () => {
  const plan = replayPlan(scenario, { otp: '27', erlangBackend: 'inet', tsBackend: 'socket' });
  const call = (i: number): PlanCall => plan.steps[i] as PlanCall;

  test('budgets come from budgets.ts, as the runner gives them', () => {
    expect([plan.budgetMs, plan.settleMs]).toEqual([DEFAULT_SCENARIO_BUDGET_MS, DEFAULT_SETTLE_MS]);
    expect(call(0).budgetMs).toBe(DEFAULT_STEP_BUDGET_MS);
    expect(call(1).budgetMs).toBe(1000 + BUDGET_MARGIN_MS);
    expect(call(4).budgetMs).toBe(100 * 11 + BUDGET_MARGIN_MS);
    expect(call(5).budgetMs).toBe(42);
    // A nowait call has no budget; the join that collects it has the default.
    expect(call(2)).toMatchObject({ nowait: 'acc' });
    expect(call(2).budgetMs).toBeUndefined();
    expect(plan.steps[3]).toEqual({ op: 'join', ids: ['acc'], timeout: DEFAULT_STEP_BUDGET_MS });
    expect(plan.steps[6]).toEqual({ op: 'await', actor: 'c', until: { count: 1 }, timeout: 10, since: 'last' });
  });

  test('bind names, sides and where {inet_backend, B} goes', () => {
    expect(call(0)).toMatchObject({ as: 'L', side: 'peer', backendAt: 1 });
    expect(call(1)).toMatchObject({ as: 'C', side: 'subject', backendAt: 2 });
    expect(call(2)).toMatchObject({ as: 'accept2' });
    expect(call(2).backendAt).toBeUndefined();
    expect(call(5).as).toBeUndefined();
    expect(plan.actors).toEqual([
      { name: 'c', side: 'subject', start: 'run' },
      { name: 's', side: 'peer', start: 'run' },
      { name: 'late', side: 'subject', start: 'spawn' },
    ]);
  });

  test('its JSON is ASCII, a step a line, and reads back the same', () => {
    const text = planJson(plan);
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(text).toContain('caf\\u00e9');
    expect(text.trim().split('\n')).toHaveLength(plan.steps.length + 3);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  test('every built-in scenario has one (loops included)', () => {
    for (const s of allScenarios()) expect(replayPlan(s, { otp: '25', erlangBackend: 'inet', tsBackend: 'inet' }).steps).toHaveLength(s.steps.length);
  });
});
