/** A step's `expect`: the reference is checked against it per backend and release; a miss is a scenario fault naming the step. */
import { LOOPBACK, bin, raises, scenario, type StepRef } from '../../suites/builder.js';
import type { Scenario } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';
import type { NormStep, NormTrace } from './normalise.js';
import { judge, unmetExpectations } from './verdict.js';

const meta = { title: 'send on a closed socket', section: 'gen_tcp:send/2', quote: 'Sends a packet on a socket.', rationale: 'send after close returns an error' };

/** listen, connect, accept, then a send whose result the test declares. */
function withExpect(declare: (send: StepRef) => void): Scenario {
  return scenario('acme.expect.send', meta, (b) => {
    const { client, C } = b.connectedPair({ listen: ['binary'], connect: ['binary'] });
    declare(client.send(C, 'x').id('the-send'));
  });
}

const step = (index: number, actor: string, side: string, op: string, result: NormStep['result']): NormStep => ({
  index, actor, side, op, call: `${op}(…)`, status: 'done', result, t0: index, t1: index + 0.5,
});

function trace(subject: string, otp: string, sendResult: NormStep['result']): NormTrace {
  return {
    info: { scenario: 'acme.expect.send', subject, provider: 'local', otp, otpVersion: otp, startedAt: '2026-12-06T00:00:00Z', durationMs: 10 },
    steps: [
      step(0, 'server', 'peer', 'listen', ['ok', { sock: 'L' }]),
      step(1, 'client', 'subject', 'connect', ['ok', { sock: 'C' }]),
      step(2, 'server', 'peer', 'accept', ['ok', { sock: 'S' }]),
      step(3, 'client', 'subject', 'send', sendResult),
    ],
    mailboxes: {},
    exits: [],
    errors: [],
  };
}

const closed = ['error', 'closed'];
const verdictOf = (s: Scenario, ref: NormTrace, sub: NormTrace = { ...ref, info: { ...ref.info, subject: ref.info.subject.replace('erlang', 'ts') } }) =>
  judge({ scenario: s, reference: ref, subject: sub, divergences: [] });

describe('the builder writes expectations into the step', () => {
  test('everywhere, per backend, per release, and both', () => {
    const s = withExpect((send) => send.expect(closed, { backends: ['inet'] }).expect('ok', { backends: ['socket'], otp: ['25'] }).expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] }));
    expect(s.steps[3]).toMatchObject({
      expect: [
        { backends: ['inet'], result: ['error', 'closed'] },
        { backends: ['socket'], otp: ['25'], result: 'ok' },
        { backends: ['socket'], otp: ['27', '29'], result: ['error', 'einval'] },
      ],
    });
    expect(withExpect((send) => send.expect('ok')).steps[3]).toMatchObject({ expect: [{ result: 'ok' }] });
  });

  test('a socket-making step takes one too, and handles turn into terms', () => {
    const s = scenario('acme.expect.connect', meta, (b) => {
      const client = b.subject('client');
      client.connect('C', LOOPBACK, 1, [], 100).expect(['error', 'econnrefused'], { otp: ['25'] });
    });
    expect(s.steps[0]).toMatchObject({ expect: [{ otp: ['25'], result: ['error', 'econnrefused'] }] });
  });

  test('a backend and release covered twice is refused, naming the field and the cells', () => {
    expect(() => withExpect((send) => send.expect('ok').expect(closed, { backends: ['socket'], otp: ['27'] }))).toThrow(
      /steps\[3\]\.expect\[1\]: socket on OTP 27 has an expectation already; each backend and release takes one/,
    );
    expect(() => withExpect((send) => send.expect('ok', { otp: ['25', '27'] }).expect('ok', { otp: ['27'] }))).toThrow(/inet on OTP 27, socket on OTP 27 has an expectation already/);
  });

  test('an empty selector list is refused (leave the field out for all)', () => {
    expect(() => withExpect((send) => send.expect('ok', { backends: [] }))).toThrow(/expect\[0\]\.backends/);
  });

  test('a nowait step takes one too: its result is recorded when it finishes', () => {
    const s = scenario('acme.expect.nowait', meta, (b) => {
      const { client, C } = b.connectedPair({ listen: [], connect: [] });
      client.recv(C, 0, 100).nowait('r').expect(['error', 'timeout']);
      b.join(['r']);
    });
    expect(s.steps[3]).toMatchObject({ nowait: true, expect: [{ result: ['error', 'timeout'] }] });
  });
});

describe('the reference is checked against the entry for its backend and release', () => {
  const split = withExpect((send) => send.expect(closed, { backends: ['inet'] }).expect('ok', { backends: ['socket'], otp: ['25'] }));

  test('a reference that returns what is expected judges as usual', () => {
    expect(verdictOf(split, trace('erlang:inet', '27', closed)).verdict).toBe('match');
    expect(verdictOf(split, trace('erlang:socket', '25', 'ok')).verdict).toBe('match');
  });

  test('a reference that disagrees is an error naming the step, the reference, what it returned and what was expected', () => {
    const j = verdictOf(split, trace('erlang:socket', '25', closed));
    expect(j.verdict).toBe('error');
    expect(j.reasons).toEqual([
      'reference: step 3 (the-send), client: send(…): erlang:socket on OTP 25 returned {error,closed}, but the scenario expects ok (socket, OTP 25); a scenario problem: real Erlang is the oracle',
    ]);
    expect(unmetExpectations(split, trace('erlang:inet', '29', 'ok'))).toEqual([
      'step 3 (the-send), client: send(…): erlang:inet on OTP 29 returned ok, but the scenario expects {error,closed} (inet); a scenario problem: real Erlang is the oracle',
    ]);
  });

  test('a backend and release no entry covers is not checked', () => {
    expect(unmetExpectations(split, trace('erlang:socket', '27', ['error', 'einval']))).toEqual([]);
    expect(verdictOf(split, trace('erlang:socket', '29', 'anything')).verdict).toBe('match');
  });

  test('an entry without a selector holds everywhere', () => {
    const always = withExpect((send) => send.expect(closed));
    for (const subject of ['erlang:inet', 'erlang:socket'])
      for (const otp of ['25', '27', '29']) {
        expect(unmetExpectations(always, trace(subject, otp, closed))).toEqual([]);
        expect(unmetExpectations(always, trace(subject, otp, 'ok'))).toHaveLength(1);
      }
  });

  test('a raise meets only the same class and reason; an actor exit and a step that did not run meet nothing', () => {
    const always = withExpect((send) => send.expect(closed));
    const raised = (cls: string, reason: NormStep['result']) => ({ raise: cls, reason }) as NormStep['result'];
    expect(unmetExpectations(always, trace('erlang:inet', '25', raised('error', closed)))[0]).toContain('returned raises error:{error,closed}');
    const raising = withExpect((send) => send.expect(raises('error', 'badarg'), { backends: ['inet'] }).expect(raises('exit', 'badarg'), { backends: ['socket'] }));
    expect(raising.steps[3]).toMatchObject({ expect: [{ result: { raise: 'error', reason: 'badarg' } }, { result: { raise: 'exit', reason: 'badarg' } }] });
    expect(unmetExpectations(raising, trace('erlang:inet', '25', raised('error', 'badarg')))).toEqual([]);
    expect(unmetExpectations(raising, trace('erlang:socket', '25', raised('error', 'badarg')))[0]).toContain('returned raises error:badarg, but the scenario expects raises exit:badarg (socket)');
    expect(unmetExpectations(raising, trace('erlang:inet', '25', raised('error', 'function_clause')))).toHaveLength(1);
    expect(unmetExpectations(raising, trace('erlang:inet', '25', 'badarg'))).toHaveLength(1);
    expect(unmetExpectations(always, trace('erlang:inet', '25', { exited: closed } as NormStep['result']))).toHaveLength(1);
    const cut = trace('erlang:inet', '25', closed);
    cut.steps.pop();
    expect(unmetExpectations(always, cut)[0]).toContain('returned nothing (it did not run)');
  });

  test('a step compared by shape is checked by shape: binaries and integers blanked', () => {
    const shaped = withExpect((send) => send.shape().expect(['error', ['timeout', bin('')]], { backends: ['socket'] }));
    const rest = ['error', ['timeout', { bin: 'abc', len: 4231061, sha256: '34f0c92da796fe80' }]] as NormStep['result'];
    expect(unmetExpectations(shaped, trace('erlang:socket', '25', rest))).toEqual([]);
    expect(unmetExpectations(shaped, trace('erlang:socket', '25', ['error', 'timeout']))).toEqual([
      'step 3 (the-send), client: send(…): erlang:socket on OTP 25 returned {error,timeout}, but the scenario expects the shape {error,{timeout,<<_>>}} (socket); a scenario problem: real Erlang is the oracle',
    ]);
  });

  test('the subject is compared with the reference, not with the expectation', () => {
    const j = verdictOf(split, trace('erlang:inet', '25', closed), trace('ts:inet', '25', 'ok'));
    expect(j.verdict).toBe('fail');
    expect(j.reasons[0]).toBe('reference #3 client send -> {error,closed}  vs  subject #3 client send -> ok');
  });

  test('an unmet expectation is an error even when the subject also lost a socket', () => {
    const lost = trace('ts:inet', '25', 'ok');
    lost.steps[1] = step(1, 'client', 'subject', 'connect', ['error', 'econnrefused']);
    expect(verdictOf(split, trace('erlang:inet', '25', 'ok'), lost).verdict).toBe('error');
  });
});

test('a JSON scenario with expect entries loads as the builder writes them', () => {
  const s = validateScenario({
    id: 'acme.expect.json',
    title: 't',
    spec: { section: 's', quote: 'q' },
    rationale: 'r',
    actors: { a: { side: 'subject' } },
    steps: [{ actor: 'a', op: 'listen', args: [0, { list: [] }], as: 'L', expect: [{ backends: ['inet'], otp: ['25'], result: ['ok', { sock: 'L' }] }] }],
  });
  expect(s.steps[0]).toMatchObject({ expect: [{ backends: ['inet'], otp: ['25'] }] });
});
