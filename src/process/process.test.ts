import { jest } from '@jest/globals';
import { exit, is_process_alive, mailbox, receive, self, send, spawn } from './process.js';
import { Pid } from './pid.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('processes', () => {
  test('spawn runs a function as a process with its own self() and mailbox', async () => {
    const parent = self();
    const child = spawn(async () => {
      const m = await receive();
      send(parent, ['echo', self(), m]);
    });
    expect(child).toBeInstanceOf(Pid);
    expect(child).not.toBe(parent);
    send(child, 'hello');
    expect(await receive((m) => Array.isArray(m) && m[0] === 'echo', 1000)).toEqual(['echo', child, 'hello']);
  });

  test('receive is selective and leaves other messages queued in order', async () => {
    const me = self();
    send(me, ['a', 1]);
    send(me, ['b', 2]);
    send(me, ['a', 3]);
    expect(await receive((m) => Array.isArray(m) && m[0] === 'b', 0)).toEqual(['b', 2]);
    expect(await receive(undefined, 0)).toEqual(['a', 1]);
    expect(await receive(undefined, 0)).toEqual(['a', 3]);
  });

  test('receive gives undefined after its timeout, not before, and a later message is still delivered', async () => {
    jest.useFakeTimers();
    try {
      let got: unknown = 'pending';
      const r = receive((m) => m === 'never', 50).then((m) => (got = m));
      await jest.advanceTimersByTimeAsync(49);
      expect(got).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      await r;
      expect(got).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
    send(self(), 'never');
    expect(await receive((m) => m === 'never', 0)).toBe('never');
  });

  test('a process exits normally when its function returns, with the error when it throws', async () => {
    const ok = spawn(() => undefined);
    const bad = spawn(() => {
      throw new Error('boom');
    });
    await sleep(10);
    expect(is_process_alive(ok)).toBe(false);
    expect(is_process_alive(bad)).toBe(false);
  });

  test('exit(Pid, kill) ends a process waiting in receive; exit(Pid, normal) from outside does nothing', async () => {
    const p = spawn(async () => {
      await receive();
    });
    await sleep(5);
    exit(p, 'normal');
    expect(is_process_alive(p)).toBe(true);
    exit(p, 'kill');
    expect(is_process_alive(p)).toBe(false);
  });

  test('a message to a dead process is dropped', async () => {
    const p = spawn(() => undefined);
    await sleep(5);
    expect(() => send(p, 'late')).not.toThrow();
  });

  test('the mailbox is an async iterator', async () => {
    const me = self();
    const worker = spawn(async () => {
      const got: unknown[] = [];
      for await (const m of mailbox<number | 'stop'>()) {
        if (m === 'stop') break;
        got.push(m);
      }
      send(me, ['got', got]);
    });
    for (const m of [1, 2, 3, 'stop']) send(worker, m);
    expect(await receive((m) => Array.isArray(m) && m[0] === 'got', 1000)).toEqual(['got', [1, 2, 3]]);
  });
});
