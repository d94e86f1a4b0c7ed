import { readFileSync } from 'node:fs';
import { recordedTracePath } from '../vocabulary/project.js';
import { allScenarios } from '../../suites/index.js';
import type { Scenario } from '../scenario/schema.js';
import type { Divergence } from './divergences.js';
import type { NormTrace } from './normalise.js';
import { judge } from './verdict.js';

const scenarioById = (id: string): Scenario => allScenarios().find((s) => s.id === id)!;
const recorded = (subject: string, id: string): NormTrace => (JSON.parse(readFileSync(recordedTracePath('25', subject, id), 'utf8')) as { trace: NormTrace }).trace;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('verdicts, on traces recorded from OTP 25', () => {
  const id = 'backend-differences.show-econnreset-passive';
  const s = scenarioById(id);
  const inet = recorded('erlang:inet', id);
  const socket = recorded('erlang:socket', id);

  test('a trace matches itself', () => {
    expect(judge({ scenario: s, reference: inet, subject: clone(inet), divergences: [] }).verdict).toBe('match');
  });

  test('a documented backend difference is a fail, naming the differing step', () => {
    const j = judge({ scenario: s, reference: inet, subject: socket, divergences: [] });
    expect(j.verdict).toBe('fail');
    expect(j.reasons[0]).toBe('reference #8 client send -> {error,enotconn}  vs  subject #8 client send -> {error,closed}');
    expect(j.rows.filter((r) => r.mark !== '=')).toHaveLength(1);
  });

  test('a fail that is registered becomes known-divergence, with its reason', () => {
    const d: Divergence = { scenario: id, subjects: ['erlang:socket'], reason: 'a registered reason for the test', evidence: 'recorded traces in fixtures/traces' };
    const j = judge({ scenario: s, reference: inet, subject: socket, divergences: [d] });
    expect(j.verdict).toBe('known-divergence');
    expect(j.divergence).toBe(d);
  });

  test('a registration for another OTP release does not apply', () => {
    const d: Divergence = { scenario: id, subjects: ['erlang:socket'], otp: ['27'], reason: 'a registered reason for the test', evidence: 'recorded traces in fixtures/traces' };
    expect(judge({ scenario: s, reference: inet, subject: socket, divergences: [d] }).verdict).toBe('fail');
  });

  test('a result among the step alternatives real Erlang shows is match-alt', () => {
    const withAlts = clone(s);
    const step = withAlts.steps[8]!;
    if (!('args' in step)) throw new Error('step 8 is a send');
    step.alts = [['error', 'enotconn'], ['error', 'closed']];
    expect(judge({ scenario: withAlts, reference: inet, subject: socket, divergences: [] }).verdict).toBe('match-alt');
  });

  test('alternatives scoped to other backends or releases leave the step exact', () => {
    const scoped = clone(s);
    const step = scoped.steps[8]!;
    if (!('args' in step)) throw new Error('step 8 is a send');
    step.alts = [['error', 'enotconn'], ['error', 'closed']];
    step.altsWhere = { backends: ['socket'] };
    expect(judge({ scenario: scoped, reference: inet, subject: socket, divergences: [] }).verdict).toBe('fail');
    step.altsWhere = { backends: ['inet'], otp: [inet.info.otp as '25'] };
    expect(judge({ scenario: scoped, reference: inet, subject: socket, divergences: [] }).verdict).toBe('match-alt');
  });

  test('a result outside the alternatives still fails', () => {
    const withAlts = clone(s);
    const step = withAlts.steps[8]!;
    if (!('args' in step)) throw new Error('step 8 is a send');
    step.alts = [['error', 'enotconn'], ['error', 'timeout']];
    expect(judge({ scenario: withAlts, reference: inet, subject: socket, divergences: [] }).verdict).toBe('fail');
  });

  test('a harness fault in either trace is an error, whatever the lines say', () => {
    const broken = clone(inet);
    broken.errors = ['step 6 (client: recv(C, 0, 1000)) did not finish within its budget of 4000 ms'];
    const j = judge({ scenario: s, reference: inet, subject: broken, divergences: [] });
    expect(j.verdict).toBe('error');
    expect(j.reasons[0]).toContain('subject: step 6');
  });

  test('a missing message is a fail', () => {
    const lost = recorded('erlang:inet', 'backend-differences.remote-close-background-send-activate');
    const found = recorded('erlang:socket', 'backend-differences.remote-close-background-send-activate');
    const j = judge({ scenario: scenarioById('backend-differences.remote-close-background-send-activate'), reference: found, subject: lost, divergences: [] });
    expect(j.verdict).toBe('fail');
    expect(j.reasons).toContain('only in reference: client <- {tcp,C,<<"unread data">>}');
  });

  test('a timing band is checked in both traces', () => {
    const timed = clone(s);
    timed.steps[6] = { ...timed.steps[6]!, id: 'r1' } as Scenario['steps'][number];
    timed.timing = [{ at: 'r1', ms: 500, tol: 100 }];
    const slow = clone(inet);
    const r = slow.steps[6]!;
    r.t1 = (r.t0 ?? 0) + 480;
    const fast = clone(inet);
    expect(judge({ scenario: timed, reference: slow, subject: clone(slow), divergences: [] }).verdict).toBe('match');
    const j = judge({ scenario: timed, reference: slow, subject: fast, divergences: [] });
    expect(j.verdict).toBe('fail');
    expect(j.reasons.join('\n')).toMatch(/subject: r1 took \d+ ms, expected 500 ± 100 ms/);
  });
});
