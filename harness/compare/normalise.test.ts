import { scenario } from '../../suites/builder.js';
import type { Trace } from '../vocabulary/trace.js';
import { List, Pid, Port, Ref, type Term } from '../vocabulary/term.js';
import { normalise, withoutStack } from './normalise.js';

const sc = (packet: number | 'raw') =>
  scenario(
    'close-delivery.normaliser-fixture',
    { title: 't', section: 's', quote: 'q', rationale: 'r' },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['packet', packet]]);
      client.connect('C', [127, 0, 0, 1], L.port, ['binary', ['packet', packet]]);
    },
  );

const port = (id: number): Port => new Port('nonode@nohost', BigInt(id), 0);
const C = port(8);
const L = port(7);
const unknown = port(99);
const socketBackendSock: Term = ['$inet', 'gen_tcp_socket', [new Pid('nonode@nohost', 90, 0, 0), ['$socket', 'ref']]];

function trace(messages: Array<[number, Term]>): Trace {
  return {
    info: { scenario: 'x', subject: 'erlang:inet', provider: 'local', otp: '25', otpVersion: '25.2.3', startedAt: '', durationMs: 0 },
    steps: [
      { index: 0, op: 'listen', actor: 'server', side: 'peer', call: 'listen(…)', status: 'done', outcome: { kind: 'return', value: ['ok', L] }, t0: 1, t1: 2 },
      { index: 1, op: 'connect', actor: 'client', side: 'subject', call: 'connect(…)', status: 'done', outcome: { kind: 'return', value: ['ok', C] }, t0: 2, t1: 3 },
      { index: 2, op: 'peername', actor: 'client', side: 'subject', call: 'peername(C)', status: 'done', outcome: { kind: 'return', value: ['ok', [[127, 0, 0, 1], 40000]] } },
      { index: 3, op: 'port', actor: 'client', side: 'subject', call: 'port(C)', status: 'done', outcome: { kind: 'return', value: ['ok', 51000] } },
      { index: 4, op: 'listen', actor: 'client', side: 'subject', call: 'listen(…)', status: 'done', outcome: { kind: 'raise', class: 'exit', reason: 'badarg' } },
    ],
    messages: messages.map(([t, msg]) => ({ actor: 'client', t, msg })),
    exits: [{ actor: 'server', t: 9, reason: 'killed' }],
    sockets: [
      { name: 'L', side: 'peer', raw: L, port: 40000 },
      { name: 'C', side: 'subject', raw: C, port: 51000 },
      { name: 'X', side: 'subject', raw: socketBackendSock },
    ],
    pids: [{ name: 'client', raw: new Pid('nonode@nohost', 80, 0, 0) }],
    errors: [],
  };
}

describe('normalise', () => {
  test('names sockets, pids and port numbers after their actors', () => {
    const n = normalise(trace([[4, ['tcp_closed', C]], [5, ['tcp_closed', socketBackendSock]], [6, ['tcp_closed', unknown]]]), sc(0));
    expect(n.steps[1]!.result).toEqual(['ok', { sock: 'C' }]);
    expect(n.steps[2]!.result).toEqual(['ok', [[127, 0, 0, 1], { portOf: 'L' }]]);
    expect(n.steps[3]!.result).toEqual(['ok', { portOf: 'C' }]);
    expect(n.steps[4]!.result).toEqual({ raise: 'exit', reason: 'badarg' });
    expect(n.mailboxes.client!.map((m) => m.msg)).toEqual([['tcp_closed', { sock: 'C' }], ['tcp_closed', { sock: 'X' }], ['tcp_closed', { sock: 'S?1' }]]);
    expect(n.exits).toEqual([{ actor: 'server', t: 9, reason: 'killed' }]);
  });

  test("names monitor references by their step's binding, and leaves out the DOWNs of monitors no step made", () => {
    const bound = new Ref('nonode@nohost', [1, 2, 3], 0);
    const stray = new Ref('nonode@nohost', [4, 5, 6], 0);
    const t = trace([
      [4, ['DOWN', stray, 'port', C, 'noproc']],
      [5, ['DOWN', bound, 'port', C, 'normal']],
    ]);
    t.refs = [{ name: 'M', raw: bound }];
    t.steps.push({ index: 5, op: 'monitor', actor: 'client', side: 'subject', call: 'monitor(C)', status: 'done', outcome: { kind: 'return', value: bound } });
    const n = normalise(t, sc(0));
    expect(n.steps[5]!.result).toEqual({ ref: 'M' });
    expect(n.mailboxes.client!.map((m) => m.msg)).toEqual([['DOWN', { ref: 'M' }, 'port', { sock: 'C' }, 'normal']]);
  });

  test('merges adjacent raw-mode data, however TCP chunked it', () => {
    const msgs: Array<[number, Term]> = [
      [4, ['tcp', C, Buffer.from('hel')]],
      [5, ['tcp', C, Buffer.from('lo')]],
      [6, ['tcp_closed', C]],
    ];
    const n = normalise(trace(msgs), sc(0));
    expect(n.mailboxes.client!.map((m) => m.msg)).toEqual([['tcp', { sock: 'C' }, { bin: 'hello' }], ['tcp_closed', { sock: 'C' }]]);
    expect(n.mailboxes.client![0]!.t).toBe(4);
  });

  test('merges list-mode data into one byte list', () => {
    const n = normalise(trace([[4, ['tcp', C, new List([104, 105])]], [5, ['tcp', C, new List([33])]]]), sc('raw'));
    expect(n.mailboxes.client!.map((m) => m.msg)).toEqual([['tcp', { sock: 'C' }, { str: 'hi!' }]]);
  });

  test('keeps packets apart in a packet mode: each is one message by definition', () => {
    const n = normalise(trace([[4, ['tcp', C, Buffer.from('a')]], [5, ['tcp', C, Buffer.from('b')]]]), sc(2));
    expect(n.mailboxes.client).toHaveLength(2);
  });

  test('does not merge across another message', () => {
    const msgs: Array<[number, Term]> = [
      [4, ['tcp', C, Buffer.from('a')]],
      [5, ['tcp_passive', C]],
      [6, ['tcp', C, Buffer.from('b')]],
    ];
    expect(normalise(trace(msgs), sc(0)).mailboxes.client).toHaveLength(3);
  });

  test('summarises big binaries by head, length and digest', () => {
    const n = normalise(trace([[4, ['tcp', C, Buffer.alloc(5000, 120)]]]), sc(0));
    expect(n.mailboxes.client![0]!.msg).toEqual(['tcp', { sock: 'C' }, expect.objectContaining({ len: 5000 })]);
  });

  test('an exit with a stack compares by its reason alone; other pairs are left as they are', () => {
    const frame = (m: string, line: number): Term => [m, 'getserv', new List([80.5]), new List([['file', new List([120])], ['line', line]])];
    expect(withoutStack(['function_clause', new List([frame('inet_tcp', 58), frame('gen_tcp', 232)])])).toEqual(['function_clause', '$stacktrace']);
    expect(withoutStack(['function_clause', new List([])])).toEqual(['function_clause', new List([])]);
    expect(withoutStack(['error', new List([['a', 'b', 'c', 'd']])])).toEqual(['error', new List([['a', 'b', 'c', 'd']])]);
    expect(withoutStack('badarg')).toBe('badarg');
  });
});
