/**
 * Processes whose calls are always answered at once still let the event loop turn
 * (src/process/scheduler.ts): a timer, and so any socket libuv reads, is not kept waiting
 * until they stop. Each loop is bounded; before the scheduler every one ran to its bound
 * before the timer fired.
 */
import * as gen_tcp from '../gen_tcp.js';
import * as inet from '../inet.js';
import { receive, self, send, spawn } from './process.js';
import type { Pid } from './pid.js';

/**
 * Resolves to how many steps `loop` had taken when a 0 ms timer set at its start fired: fewer
 * than its bound means the loop let the event loop turn (counted in steps, not in time).
 */
async function stepsBeforeTimer(bound: number, step: () => Promise<void>): Promise<{ steps: number; fired: boolean }> {
  let fired = false;
  setTimeout(() => void (fired = true), 0);
  let n = 0;
  for (; n < bound && !fired; n++) await step();
  return { steps: n, fired };
}

describe('fair turns', () => {
  test('a process receiving the messages it sends itself lets a timer fire', async () => {
    const me = self();
    const r = await stepsBeforeTimer(200_000, async () => {
      send(me, 'tick');
      await receive((m) => m === 'tick');
    });
    expect(r.fired).toBe(true);
    expect(r.steps).toBeLessThan(200_000);
  });

  test('two processes messaging each other back and forth let a timer fire, and no message is lost', async () => {
    const me = self();
    let got = 0;
    const echo: Pid = spawn(async () => {
      for (let i = 0; i < 200_000; i++) {
        const m = await receive<[string, Pid] | 'stop'>((x) => x === 'stop' || (Array.isArray(x) && x[0] === 'ping'), 5000);
        if (m === undefined || m === 'stop') return;
        send(m[1], 'pong');
      }
    });
    const r = await stepsBeforeTimer(200_000, async () => {
      send(echo, ['ping', me]);
      if ((await receive((m) => m === 'pong', 5000)) === 'pong') got++;
    });
    send(echo, 'stop');
    expect(r.fired).toBe(true);
    expect(r.steps).toBeLessThan(200_000);
    expect(got).toBe(r.steps);
  });

  test('a passive recv loop that always finds data buffered lets a timer fire, and reads every byte in order', async () => {
    const size = 256 * 1024;
    const l = await gen_tcp.listen(0, [['active', false], 'binary', ['ip', [127, 0, 0, 1]]]);
    if (l[0] !== 'ok') throw new Error(`listen: ${String(l[1])}`);
    const p = inet.port(l[1]);
    if (p[0] !== 'ok') throw new Error('no port');
    const c = await gen_tcp.connect([127, 0, 0, 1], p[1], [['active', false], 'binary'], 5000);
    if (c[0] !== 'ok') throw new Error(`connect: ${String(c[1])}`);
    const a = await gen_tcp.accept(l[1], 5000);
    if (a[0] !== 'ok') throw new Error(`accept: ${String(a[1])}`);
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >> 8)) & 255;
    expect(await gen_tcp.send(c[1], data)).toBe('ok');
    // One byte per recv: each recv after the first finds its byte already read (up to 64 KiB at a time).
    let at = 0;
    let ordered = true;
    const r = await stepsBeforeTimer(size, async () => {
      const one = await gen_tcp.recv(a[1], 1, 5000);
      if (one[0] !== 'ok' || one[1][0] !== data[at]) ordered = false;
      at++;
    });
    expect(ordered).toBe(true);
    expect(r.fired).toBe(true);
    expect(r.steps).toBeLessThan(size);
    for (const s of [c[1], a[1], l[1]]) await gen_tcp.close(s);
  });
});
