/**
 * The StreamSocket state machine on a fake transport: no kernel socket, no Erlang.
 * Each expectation is one a conformance scenario pins down against real Erlang (its id is
 * in the test's name); the notes in suites/<family>/*.ts say what Erlang returned.
 */
import { jest } from '@jest/globals';
import { parseCreateOptions } from '../options/parse.js';
import { setoptsOn } from '../options/socket-options.js';
import { Process } from '../process/process.js';
import { profileFor, type Backend, type OtpRelease, type Profile } from '../profile/profiles.js';
import { StreamSocket } from './stream.js';
import type { Transport, TransportEvents } from './transport.js';
import type { Posix } from '../erlang/reasons.js';

/**
 * Stands in for Transport: a peer's bytes and its FIN or RST wait "in the kernel" until the
 * socket reads (reading on, or readNow, which takes everything waiting at once as the addon
 * does). Sends are recorded; the calls that end the connection are counted.
 */
class FakeTransport implements Pick<Transport, 'attach' | 'readNow' | 'setReading' | 'send' | 'write' | 'flush' | 'end' | 'destroy' | 'reset' | 'netQueued' | 'backgroundSendError' | 'setNoDelay' | 'setKeepAlive'> {
  readonly calls: string[] = [];
  readonly sent: string[] = [];
  reading = false;
  destroyed = false;
  readonly fd = undefined;
  readonly queued = 0;
  private events: TransportEvents | undefined;
  private wantRead: () => boolean = () => false;
  private kernel: Buffer[] = [];
  private kernelEnd: 'fin' | 'reset' | undefined;
  private ended = false;
  /** Output the kernel has not taken yet (a background send in progress). */
  outputQueued = 0;

  attach(events: TransportEvents, wantRead: () => boolean): void {
    this.events = events;
    this.wantRead = wantRead;
  }

  // ---- the peer ----
  peerSends(data: string): void {
    this.kernel.push(Buffer.from(data, 'latin1'));
    if (this.reading) this.deliver();
  }
  peerEnds(how: 'fin' | 'reset'): void {
    this.kernelEnd = how;
    if (this.reading) this.deliver();
  }

  // ---- what StreamSocket calls ----
  readNow(): void {
    this.calls.push('readNow');
    this.deliver();
  }
  setReading(on: boolean): void {
    if (this.ended) return;
    this.reading = on;
    if (on) this.deliver();
  }
  send(bytes: Buffer): string | undefined {
    this.sent.push(bytes.toString('latin1'));
    return undefined;
  }
  write(bytes: Buffer): void {
    this.sent.push(bytes.toString('latin1'));
  }
  flush(): void {}
  netQueued(): number {
    return this.outputQueued;
  }
  backgroundSendError(): Posix | undefined {
    return !this.ended && this.outputQueued > 0 && this.kernelEnd === 'reset' ? 'econnreset' : undefined;
  }
  end(): void {
    this.calls.push('end');
  }
  destroy(): void {
    this.calls.push('destroy');
    this.ended = true;
    this.destroyed = true;
  }
  reset(): void {
    this.calls.push('reset');
    this.ended = true;
    this.destroyed = true;
  }
  setNoDelay(): void {}
  setKeepAlive(): void {}

  /** What waits in the kernel, as one read (the bytes together), then the end once they are taken. */
  private deliver(): void {
    if (this.ended) return;
    if (this.kernel.length > 0) {
      const chunk = Buffer.concat(this.kernel);
      this.kernel = [];
      this.events?.data(chunk);
    }
    if (this.kernel.length === 0 && this.kernelEnd && !this.ended && (this.reading || this.wantRead())) {
      this.ended = true;
      this.reading = false;
      this.events?.end(this.kernelEnd);
    }
  }
}

type Profiled = [Backend, OtpRelease];
const ALL: Profiled[] = [
  ['inet', '25'],
  ['inet', '27'],
  ['inet', '29'],
  ['socket', '25'],
  ['socket', '27'],
  ['socket', '29'],
];
const name = ([b, o]: Profiled): string => `${b} ${o}`;

interface Pair {
  sock: StreamSocket;
  fake: FakeTransport;
  owner: Process;
  profile: Profile;
  /** The owner's messages so far, taken from its mailbox: the socket as 'S', binaries as strings. */
  take: () => unknown[];
}

async function open([backend, otp]: Profiled, options: unknown[]): Promise<Pair> {
  const profile = profileFor(backend, otp);
  const parsed = parseCreateOptions('connect', ['binary', ...options], profile);
  if (Array.isArray(parsed)) throw new Error(`options refused: ${JSON.stringify(parsed)}`);
  const owner = new Process();
  const fake = new FakeTransport();
  const sock = new StreamSocket(owner, parsed.opts, profile, fake as unknown as Transport);
  // The constructor's first pump runs in a microtask.
  await Promise.resolve();
  const show = (v: unknown): unknown => (v === sock ? 'S' : Buffer.isBuffer(v) ? v.toString('latin1') : Array.isArray(v) ? v.map(show) : v);
  return { sock, fake, owner, profile, take: () => owner.takeMessages(() => true).map(show) };
}

const text = (r: unknown): unknown => (Array.isArray(r) && r[0] === 'ok' && Buffer.isBuffer(r[1]) ? ['ok', r[1].toString('latin1')] : r);
const recv = async (p: Pair, length: number, timeout: number | 'infinity' = 1000): Promise<unknown> => text(await p.sock.recv(p.owner, length, timeout));

/** Timers (recv timeouts) under Jest's clock; microtasks and ticks stay real, as the socket's pump needs them. */
const fakeTimers = (): void => void jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });

afterEach(() => {
  jest.useRealTimers();
});

describe('active delivery', () => {
  test.each(ALL.map((p) => [name(p), p] as const))('close-delivery.active-data-before-closed (%s): every chunk in order, then tcp_closed', async (_, prof) => {
    const p = await open(prof, [['active', true]]);
    for (const chunk of ['first|', 'middle|', 'last']) p.fake.peerSends(chunk);
    p.fake.peerEnds('fin');
    expect(p.take()).toEqual([
      ['tcp', 'S', 'first|'],
      ['tcp', 'S', 'middle|'],
      ['tcp', 'S', 'last'],
      ['tcp_closed', 'S'],
    ]);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('close-delivery.active-once-closed-after-rearm (%s): one message per {active,once}, tcp_closed too', async (_, prof) => {
    const p = await open(prof, [['active', 'once']]);
    p.fake.peerSends('first');
    expect(p.take()).toEqual([['tcp', 'S', 'first']]);
    p.fake.peerSends('second');
    p.fake.peerEnds('fin');
    expect(p.take()).toEqual([]);
    expect(setoptsOn(p.sock, [['active', 'once']])).toBe('ok');
    expect(p.take()).toEqual([['tcp', 'S', 'second']]);
    expect(setoptsOn(p.sock, [['active', 'once']])).toBe('ok');
    expect(p.take()).toEqual([['tcp_closed', 'S']]);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('active-modes.n-counts-down (%s): {active,3} gives three packets, then tcp_passive; {active,2} picks up the buffered one', async (_, prof) => {
    const p = await open(prof, [['active', 3]]);
    for (const n of [1, 2, 3]) p.fake.peerSends(`m${n}`);
    expect(p.take()).toEqual([['tcp', 'S', 'm1'], ['tcp', 'S', 'm2'], ['tcp', 'S', 'm3'], ['tcp_passive', 'S']]);
    expect(p.sock.opts.active).toBe(false);
    expect(p.fake.reading).toBe(false);
    p.fake.peerSends('m4');
    expect(await recv(p, 0, 500)).toEqual(['ok', 'm4']);
    p.fake.peerSends('m5');
    expect(setoptsOn(p.sock, [['active', 2]])).toBe('ok');
    expect(p.take()).toEqual([['tcp', 'S', 'm5']]);
    expect(p.sock.opts.active).toBe(1);
    p.fake.peerSends('m6');
    expect(p.take()).toEqual([['tcp', 'S', 'm6'], ['tcp_passive', 'S']]);
    expect(p.sock.opts.active).toBe(false);
  });
});

describe('the end of the stream with an RST', () => {
  test.each(ALL.map((p) => [name(p), p] as const))(
    'backend-differences.remote-close-background-send-activate (%s): a reset met by a send still queued loses the unread data on inet',
    async (_, prof) => {
      const p = await open(prof, [['active', false]]);
      p.fake.outputQueued = 1024;
      p.fake.peerSends('unread data');
      p.fake.peerEnds('reset');
      expect(p.take()).toEqual([]);
      p.sock.opts.active = true;
      p.sock.optionsChanged();
      expect(p.take()).toEqual(prof[0] === 'inet' ? [['tcp_closed', 'S']] : [['tcp', 'S', 'unread data'], ['tcp_closed', 'S']]);
    },
  );

  test.each(ALL.map((p) => [name(p), p] as const))('econnreset.active-noshow (%s): the data, then tcp_closed alone', async (_, prof) => {
    const p = await open(prof, [['active', true]]);
    p.fake.peerSends('last words');
    p.fake.peerEnds('reset');
    expect(p.take()).toEqual([['tcp', 'S', 'last words'], ['tcp_closed', 'S']]);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('econnreset.active-show (%s): an RST held while passive comes after the data, as tcp_error then tcp_closed', async (_, prof) => {
    const p = await open(prof, [['active', 'once'], ['show_econnreset', true]]);
    p.fake.peerSends('first');
    expect(p.take()).toEqual([['tcp', 'S', 'first']]);
    p.fake.peerSends('second');
    p.fake.peerEnds('reset');
    expect(p.take()).toEqual([]);
    setoptsOn(p.sock, [['active', 'once']]);
    expect(p.take()).toEqual([['tcp', 'S', 'second']]);
    setoptsOn(p.sock, [['active', 'once']]);
    expect(p.take()).toEqual([['tcp_error', 'S', 'econnreset'], ['tcp_closed', 'S']]);
  });

  const afterEndRecv = ([b, o]: Profiled): string => (b === 'inet' ? 'enotconn' : o === '25' ? 'closed' : 'einval');

  test.each(ALL.map((p) => [name(p), p] as const))('econnreset.passive-noshow (%s): the data by recv, then closed, then the backend\'s after-end error', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    p.fake.peerSends('hello world');
    p.fake.peerEnds('reset');
    expect(await recv(p, 5)).toEqual(['ok', 'hello']);
    expect(await recv(p, 0)).toEqual(['ok', ' world']);
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    expect(await recv(p, 0)).toEqual(['error', afterEndRecv(prof)]);
    expect(await p.sock.send(p.owner, Buffer.from('too late'))).toEqual(['error', 'closed']);
    expect(p.take()).toEqual([]);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('econnreset.passive-show (%s): a recv the bytes cannot satisfy gets econnreset', async (_, prof) => {
    const p = await open(prof, [['active', false], ['show_econnreset', true]]);
    p.fake.peerSends('hello');
    p.fake.peerEnds('reset');
    expect(await recv(p, 3)).toEqual(['ok', 'hel']);
    expect(await recv(p, 10)).toEqual(['error', 'econnreset']);
    expect(await recv(p, 0)).toEqual(['error', afterEndRecv(prof)]);
    expect(await p.sock.send(p.owner, Buffer.from('too late'))).toEqual(['error', prof[0] === 'inet' ? 'enotconn' : 'closed']);
  });
});

describe('passive recv and the end of the stream with a FIN', () => {
  test.each(ALL.map((p) => [name(p), p] as const))('close-delivery.recv-data-then-closed (%s): all the data, then closed, then the backend\'s results', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    for (const chunk of ['alpha|', 'beta|', 'gamma']) p.fake.peerSends(chunk);
    p.fake.peerEnds('fin');
    expect(await recv(p, 0)).toEqual(['ok', 'alpha|beta|gamma']);
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    expect(await recv(p, 0)).toEqual(['error', prof[0] === 'inet' ? 'enotconn' : prof[1] === '25' ? 'closed' : 'einval']);
    const sent = prof[0] === 'inet' || prof[1] !== '25' ? ['error', 'closed'] : 'ok';
    expect(await p.sock.send(p.owner, Buffer.from('after close'))).toEqual(sent);
    expect(await p.sock.close()).toBe('ok');
  });

  test.each(ALL.map((p) => [name(p), p] as const))('close-delivery.recv-blocked-short-then-closed (%s): the FIN wakes a blocked recv with closed; activating afterwards', async (_, prof) => {
    fakeTimers();
    const p = await open(prof, [['active', false]]);
    let blocked: unknown = 'pending';
    const done = recv(p, 10, 3000).then((r) => (blocked = r));
    expect(p.fake.reading).toBe(true);
    p.fake.peerSends('12345');
    await Promise.resolve();
    expect(blocked).toBe('pending');
    p.fake.peerEnds('fin');
    await done;
    expect(blocked).toEqual(['error', 'closed']);
    expect(await recv(p, 0, 500)).toEqual(['error', prof[0] === 'inet' ? 'enotconn' : prof[1] === '25' ? 'closed' : 'einval']);
    expect(setoptsOn(p.sock, [['active', true]])).toEqual(prof[0] === 'inet' ? 'ok' : ['error', 'einval']);
    expect(p.take()).toEqual(prof[0] === 'inet' ? [['tcp_closed', 'S']] : []);
    // The recv's timer went with it: nothing is left to fire.
    expect(jest.getTimerCount()).toBe(0);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('send-recv.recv-timeout (%s): timeout 0 and a short timeout give timeout, and keep the bytes', async (_, prof) => {
    fakeTimers();
    const p = await open(prof, [['active', false]]);
    const expectTimeout = async (length: number, ms: number): Promise<void> => {
      let r: unknown = 'pending';
      const pending = recv(p, length, ms).then((v) => (r = v));
      if (ms > 0) {
        await jest.advanceTimersByTimeAsync(ms - 1);
        expect(r).toBe('pending');
      }
      await jest.advanceTimersByTimeAsync(1);
      await pending;
      expect(r).toEqual(['error', 'timeout']);
      // A timed-out recv leaves the socket passive and not reading.
      expect(p.fake.reading).toBe(false);
    };
    await expectTimeout(0, 0);
    p.fake.peerSends('abc');
    await expectTimeout(5, 0);
    await expectTimeout(5, 150);
    expect(await recv(p, 2, 0)).toEqual(['ok', 'ab']);
    expect(await recv(p, 0, 0)).toEqual(['ok', 'c']);
    await expectTimeout(0, 0);
  });
});

describe('shutdown', () => {
  test.each(ALL.map((p) => [name(p), p] as const))('shutdown.write-peer-sees-close (%s): the FIN goes out; the subject still reads, its send fails', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    expect(await p.sock.send(p.owner, Buffer.from('last words'))).toBe('ok');
    expect(p.sock.shutdown('write')).toBe('ok');
    expect(p.fake.calls.filter((c) => c === 'end')).toEqual(['end']);
    expect(p.fake.sent).toEqual(['last words']);
    p.fake.peerSends('still listening');
    expect(await recv(p, 15)).toEqual(['ok', 'still listening']);
    expect(await p.sock.send(p.owner, Buffer.from('too late'))).toEqual(['error', 'closed']);
    expect(p.fake.sent).toEqual(['last words']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('shutdown.write-active-peer (%s): an active subject keeps getting data after shutdown(write), then tcp_closed', async (_, prof) => {
    const p = await open(prof, [['active', true]]);
    expect(p.sock.shutdown('write')).toBe('ok');
    p.fake.peerSends('after your fin');
    p.fake.peerEnds('fin');
    expect(p.take()).toEqual([['tcp', 'S', 'after your fin'], ['tcp_closed', 'S']]);
  });

  test.each([['inet', '25'], ['inet', '27'], ['inet', '29'], ['socket', '25']].map((p) => [name(p as Profiled), p as Profiled] as const))(
    'shutdown.read-active (%s): inet tells tcp_closed at once, socket 25 nothing',
    async (_, prof) => {
      const p = await open(prof, [['active', true]]);
      expect(p.sock.shutdown('read')).toBe('ok');
      expect(p.take()).toEqual(prof[0] === 'inet' ? [['tcp_closed', 'S']] : []);
    },
  );
});

describe('close', () => {
  test.each(ALL.map((p) => [name(p), p] as const))('options.linger-zero-resets (%s): close with {linger,{true,0}} resets, a plain close does not', async (_, prof) => {
    const lingering = await open(prof, [['active', false], ['linger', [true, 0]]]);
    expect(await lingering.sock.close()).toBe('ok');
    expect(lingering.fake.calls).toEqual(['reset']);
    const plain = await open(prof, [['active', false]]);
    expect(await plain.sock.close()).toBe('ok');
    expect(plain.fake.calls).toEqual(['destroy']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('send-recv.closed-locally (%s): a closed socket answers recv and send without the transport; no message comes', async (_, prof) => {
    const p = await open(prof, [['active', true]]);
    expect(await p.sock.close()).toBe('ok');
    p.fake.peerSends('too late');
    expect(await recv(p, 0)).toEqual(['error', p.profile.closedIo.recv]);
    expect(await p.sock.send(p.owner, Buffer.from('x'))).toEqual(['error', 'closed']);
    expect(await p.sock.close()).toEqual(p.profile.closeAgain === 'ok' ? 'ok' : ['error', 'closed']);
    expect(p.take()).toEqual([]);
    expect(p.fake.calls.filter((c) => c !== 'readNow')).toEqual(['destroy']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('controlling-process.owner-exit-closes (%s): the owner\'s exit closes the socket with a FIN (the peer reads closed), not an RST', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    p.owner.terminate('normal');
    expect(p.sock.closed).toBe(true);
    expect(p.fake.calls).toEqual(['destroy']);
  });
});
