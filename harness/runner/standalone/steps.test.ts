/** The steps' loops and fill on real gentcp sockets over loopback (no Erlang): the shapes and bounds of their results. */
import * as gentcp from 'gentcp';
import { Process } from 'gentcp/testing';
import { dataSize, fill, rearmActive, recvUntilClosed, sendUntilError } from './steps.mjs';

const { gen_tcp, inet } = gentcp;

type Sock = Parameters<typeof gen_tcp.send>[0];

/** A connected pair owned by `p`: the client gets `opts`, the accepted end is passive. */
async function pair(opts: unknown[], serverOpts: unknown[] = ['binary', ['active', false]]): Promise<{ C: Sock; S: Sock; L: unknown }> {
  const l = await gen_tcp.listen(0, serverOpts as never);
  if (l[0] !== 'ok') throw new Error(`listen: ${String(l[1])}`);
  const [, port] = inet.port(l[1]) as ['ok', number];
  const c = gen_tcp.connect([127, 0, 0, 1] as never, port, opts as never, 2000 as never);
  const s = await gen_tcp.accept(l[1], 2000 as never);
  const cc = await c;
  if (s[0] !== 'ok' || cc[0] !== 'ok') throw new Error('connect/accept failed');
  return { C: cc[1] as Sock, S: s[1] as Sock, L: l[1] };
}

const procs: Process[] = [];
const inProcess = <T>(f: (p: Process) => Promise<T>): Promise<T> => {
  const p = new Process();
  procs.push(p);
  return p.run(() => f(p)) as Promise<T>;
};
afterEach(() => {
  for (const p of procs.splice(0)) p.terminate('killed');
});

describe('loops and fill', () => {
  test('recv_until_closed counts every byte, then returns what ended it', async () => {
    const r = await inProcess(async () => {
      const { C, S } = await pair(['binary', ['active', false]]);
      await gen_tcp.send(S, 'abc');
      await gen_tcp.send(S, Buffer.alloc(3000, 120));
      gen_tcp.close(S as never);
      return recvUntilClosed(gentcp, C, 1000, 100);
    });
    expect(r).toEqual(['received', 3003, ['error', 'closed']]);
  });

  test('recv_until_closed stops at its bound', async () => {
    const r = await inProcess(async () => {
      const { C, S } = await pair(['binary', ['active', false], ['packet', 2]], ['binary', ['active', false], ['packet', 2]]);
      for (const d of ['a', 'bb', 'ccc']) await gen_tcp.send(S, d);
      return recvUntilClosed(gentcp, C, 1000, 2);
    });
    expect(r).toEqual(['received', 3, 'limit']);
  });

  test('send_until_error ends in {error,timeout} when the peer does not read, and at its bound otherwise', async () => {
    const [full, bounded] = await inProcess(async () => {
      const a = await pair(['binary', ['active', false], ['send_timeout', 100]]);
      const full = await sendUntilError(gentcp, a.C, Buffer.alloc(64 * 1024), 1000);
      const b = await pair(['binary', ['active', false]]);
      return [full, await sendUntilError(gentcp, b.C, 'x', 3)];
    });
    expect(full).toEqual(['sent', expect.any(Number), ['error', 'timeout']]);
    expect((full as [string, number])[1]).toBeGreaterThan(0);
    expect((full as [string, number])[1]).toBeLessThan(1000);
    expect(bounded).toEqual(['sent', 3, 'limit']);
  });

  test('rearm_active sets {active, N} on each tcp_passive until its bound', async () => {
    const r = await inProcess(async (p) => {
      const { C, S } = await pair(['binary', ['packet', 2], ['active', 2]], ['binary', ['active', false], ['packet', 2]]);
      for (const d of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) await gen_tcp.send(S, d);
      const out = await rearmActive(gentcp, p, C, 2, 2, 1000);
      return [out, p.takeMessages((m) => Array.isArray(m) && m[0] === 'tcp').length, inet.getopts(C as never, ['active'] as never)];
    });
    expect(r).toEqual([['rearmed', 2, 'limit'], 6, ['ok', [['active', false]]]]);
  });

  test('rearm_active gives up after its timeout when no tcp_passive comes', async () => {
    const r = await inProcess(async (p) => {
      const { C } = await pair(['binary', ['active', 2]]);
      return rearmActive(gentcp, p, C, 2, 5, 20);
    });
    expect(r).toEqual(['rearmed', 0, 'timeout']);
  });

  test('fill sends chunk-byte packets up to its maximum, or until a send fails', async () => {
    const [upTo, stuck] = await inProcess(async () => {
      const a = await pair(['binary', ['active', false]]);
      const upTo = await fill(gentcp, a.C, 1000, 5000);
      const got = await gen_tcp.recv(a.S as never, 5000, 1000);
      const b = await pair(['binary', ['active', false], ['send_timeout', 100]]);
      return [[upTo, got], await fill(gentcp, b.C, 64 * 1024, 1 << 30)];
    });
    expect(upTo).toEqual([['filled', 5000, 'ok'], ['ok', Buffer.alloc(5000, 'x')]]);
    expect(stuck).toEqual(['filled', expect.any(Number), ['error', 'timeout']]);
  });

  test('data size as Erlang counts it', () => {
    expect(dataSize(Buffer.from('abc'))).toBe(3);
    expect(dataSize('abcd')).toBe(4);
    expect(dataSize([1, 2, Buffer.from('xy')])).toBe(4);
    expect(dataSize(['http_request', 'GET'])).toBe(0);
  });
});
