/** A subject that fails to make a socket real Erlang made: a fail naming the step, not a harness error. */
import type { Scenario } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';
import type { NormStep, NormTrace } from './normalise.js';
import { judge } from './verdict.js';

const scenario: Scenario = validateScenario({
  id: 'acme.setup.connect',
  title: 'connect and exchange',
  spec: { section: 'gen_tcp:connect/4', quote: 'Connects to a server on TCP port Port.' },
  rationale: 'a connect to a listening port succeeds',
  actors: { client: { side: 'subject' }, server: { side: 'peer' } },
  steps: [
    { actor: 'server', op: 'listen', args: [0, { list: ['binary', ['active', false]] }], as: 'L' },
    { actor: 'client', op: 'connect', args: [[127, 0, 0, 1], { portOf: 'L' }, { list: [['active', false]] }], as: 'C' },
    { actor: 'server', op: 'accept', args: [{ sock: 'L' }], as: 'S' },
    { actor: 'client', op: 'send', args: [{ sock: 'C' }, { bin: 'hi' }] },
  ],
});

const step = (index: number, actor: string, side: string, op: string, result: NormStep['result'], status: NormStep['status'] = 'done'): NormStep => ({
  index, actor, side, op, call: `${op}(…)`, status, ...(status === 'done' ? { result } : {}), t0: index, t1: index + 0.5,
});

const trace = (subject: string, steps: NormStep[], errors: string[] = []): NormTrace => ({
  info: { scenario: scenario.id, subject, provider: 'local', otp: '25', otpVersion: '25.3', startedAt: '2026-12-06T00:00:00Z', durationMs: 10 },
  steps,
  mailboxes: {},
  exits: [],
  errors,
});

const reference = trace('erlang:inet', [
  step(0, 'server', 'peer', 'listen', ['ok', { sock: 'L' }]),
  step(1, 'client', 'subject', 'connect', ['ok', { sock: 'C' }]),
  step(2, 'server', 'peer', 'accept', ['ok', { sock: 'S' }]),
  step(3, 'client', 'subject', 'send', 'ok'),
]);

const budget = 'step 2 (server: accept(L)) did not finish within its budget of 4000 ms';
const refused = trace(
  'ts:inet',
  [
    step(0, 'server', 'peer', 'listen', ['ok', { sock: 'L' }]),
    step(1, 'client', 'subject', 'connect', ['error', 'econnrefused']),
    step(2, 'server', 'peer', 'accept', undefined, 'error'),
  ],
  [budget],
);

describe('a failed listen or connect', () => {
  test('is a fail naming the step when real Erlang connected, and the budget overrun it caused is listed after it', () => {
    const j = judge({ scenario, reference, subject: refused, divergences: [] });
    expect(j.verdict).toBe('fail');
    expect(j.reasons[0]).toBe('step 1 (client: connect(…)) returned {error,econnrefused} on the subject; real Erlang returned {ok,C}');
    expect(j.reasons[1]).toBe(`then, on the subject: ${budget}`);
  });

  test('that is registered is a known divergence', () => {
    const d = { scenario: scenario.id, subjects: ['ts:inet' as const], reason: 'registered for the test', evidence: 'synthetic traces in this test' };
    expect(judge({ scenario, reference, subject: refused, divergences: [d] }).verdict).toBe('known-divergence');
  });

  test('a connect that never returned (its own budget ran out) is a fail too', () => {
    const hung = trace('ts:inet', [step(0, 'server', 'peer', 'listen', ['ok', { sock: 'L' }]), { ...step(1, 'client', 'subject', 'connect', undefined, 'error'), error: 'step 1 did not finish within its budget of 4000 ms' }], ['step 1 did not finish within its budget of 4000 ms']);
    const j = judge({ scenario, reference, subject: hung, divergences: [] });
    expect(j.verdict).toBe('fail');
    expect(j.reasons[0]).toMatch(/^step 1 \(client: connect\(…\)\) returned no result \(step 1 did not finish/);
  });

  test('a driver that went away stays an error', () => {
    const gone = { ...refused, errors: ['the reference driver went away: killed'] };
    expect(judge({ scenario, reference, subject: gone, divergences: [] }).verdict).toBe('error');
  });

  test('a harness fault with every socket made is still an error', () => {
    const made = trace('ts:inet', reference.steps.slice(0, 3), ['step 3 (client: send(C, <<"hi">>)) did not finish within its budget of 4000 ms']);
    expect(judge({ scenario, reference, subject: made, divergences: [] }).verdict).toBe('error');
  });

  test('a connect that fails on both sides is compared as any result is', () => {
    const bothRef = trace('erlang:inet', [step(0, 'server', 'peer', 'listen', ['ok', { sock: 'L' }]), step(1, 'client', 'subject', 'connect', ['error', 'econnrefused'])]);
    const bothSub = trace('ts:inet', [step(0, 'server', 'peer', 'listen', ['ok', { sock: 'L' }]), step(1, 'client', 'subject', 'connect', ['error', 'econnrefused'])]);
    expect(judge({ scenario, reference: bothRef, subject: bothSub, divergences: [] }).verdict).toBe('match');
  });

  test('a reference fault stays an error even if the subject lost a socket', () => {
    const broken = { ...reference, errors: ['step 2 (server: accept(L)) did not finish within its budget of 4000 ms'] };
    expect(judge({ scenario, reference: broken, subject: refused, divergences: [] }).verdict).toBe('error');
  });
});

describe('a failed connect among the alternatives real Erlang shows', () => {
  test('is judged as any result is: by the rest of the trace', () => {
    const raw = JSON.parse(JSON.stringify(scenario)) as { steps: Array<Record<string, unknown>> };
    raw.steps[1]!.alts = [['ok', { sock: 'C' }], ['error', 'econnrefused']];
    const withAlts = validateScenario(raw);
    const j = judge({ scenario: withAlts, reference, subject: refused, divergences: [] });
    expect(j.verdict).toBe('error');
    expect(j.reasons).toEqual([`subject: ${budget}`]);
  });
});
