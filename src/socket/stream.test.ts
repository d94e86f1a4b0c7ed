/**
 * The StreamSocket state machine on a fake transport: no kernel socket, no Erlang.
 * Each expectation is one a conformance scenario pins down against real Erlang (its id is
 * in the test's name); the notes in suites/<family>/*.ts say what Erlang returned.
 */
import { jest } from '@jest/globals';
import { parseCreateOptions } from '../options/parse.js';
import { getoptsOn, setoptsOn } from '../options/socket-options.js';
import { transferAnswer } from './owner.js';
import { Process } from '../process/process.js';
import { OTP_RELEASES, profileFor, type Backend, type OtpRelease, type Profile } from '../profile/profiles.js';
import { InetStream } from '../backend/inet_stream.js';
import { tcpModule } from '../backend/select.js';
import { SocketStream } from '../backend/socket_stream.js';
import type { StreamSocket } from './stream.js';
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
  /** Bytes handed to write() the kernel has not taken (a socket-backend send waits on these). */
  queued = 0;
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
  /** A write the kernel refused after send returned (inet's background send). */
  writeFails(code: Posix): void {
    this.events?.writeError(code);
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

/** Each backend's connected socket. */
const STREAMS = { inet: InetStream, socket: SocketStream } as const;

type Profiled = [Backend, OtpRelease];
const ALL: Profiled[] = (['inet', 'socket'] as const).flatMap((b) => OTP_RELEASES.map((o): Profiled => [b, o]));
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
  const module = tcpModule(backend);
  const parsed = parseCreateOptions('connect', ['binary', ...options], profile, module.options);
  if (Array.isArray(parsed)) throw new Error(`options refused: ${JSON.stringify(parsed)}`);
  const owner = new Process();
  const fake = new FakeTransport();
  const sock = new STREAMS[backend](owner, parsed.opts, profile, module, fake as unknown as Transport);
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
    expect(await recv(p, 0)).toEqual(['error', p.profile.recvOnClosed]);
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

/** Where the socket stands after each step: the state machine's name, and who was told the read half ended. */
const where = (p: Pair): [string, string] => [p.sock.state.name, p.sock.state.told];

describe('the state machine on a fake transport', () => {
  const isInet = ([b]: Profiled): boolean => b === 'inet';
  const modern = ([, o]: Profiled): boolean => o !== '25';

  // Passive, the FIN waits in the kernel until a recv reads it: that recv learns the end at once.
  test.each(ALL.map((p) => [name(p), p] as const))('close-delivery.recv-data-then-closed (%s): open until a recv reads the FIN, then the backend\'s end', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    expect(where(p)).toEqual(['open', 'nobody']);
    p.fake.peerSends('data');
    p.fake.peerEnds('fin');
    expect(await recv(p, 0)).toEqual(['ok', 'data']);
    expect(where(p)).toEqual(['open', 'nobody']);
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    // inet_drv ends the connection (the port stays); exit_on_close closes the socket (27+); 25 stays half-open.
    expect(where(p)).toEqual(isInet(prof) ? ['ended', 'recv'] : modern(prof) ? ['closed', 'recv'] : ['peer_closed', 'recv']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('econnreset.passive-noshow (%s): a reset read by recv, then the backend\'s end', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    p.fake.peerSends('hi');
    p.fake.peerEnds('reset');
    expect(await recv(p, 0)).toEqual(['ok', 'hi']);
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    // The socket backend closes its socket on a reset read by recv, 25 too (inet-calls.monitor-peer-reset-passive: its 'DOWN').
    expect(where(p)).toEqual([isInet(prof) ? 'ended' : 'closed', 'recv']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('econnreset.active-noshow (%s): active without exit_on_close, the reset stays as the state', async (_, prof) => {
    const p = await open(prof, [['active', true], ['exit_on_close', false]]);
    p.fake.peerEnds('reset');
    expect(p.take()).toEqual([['tcp_closed', 'S']]);
    expect(where(p)).toEqual(['reset', 'both']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('close-delivery.active-data-before-closed (%s): active, the owner is told: both', async (_, prof) => {
    const p = await open(prof, [['active', true], ['exit_on_close', false]]);
    p.fake.peerEnds('fin');
    expect(p.take()).toEqual([['tcp_closed', 'S']]);
    expect(where(p)).toEqual(['peer_closed', 'both']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('close-delivery.half-close-exit-on-close-false (%s): passive told a recv; activating then tells the owner (inet)', async (_, prof) => {
    const p = await open(prof, [['active', false], ['exit_on_close', false]]);
    p.fake.peerEnds('fin');
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    expect(where(p)).toEqual(['peer_closed', 'recv']);
    expect(await p.sock.send(p.owner, Buffer.from('reply'))).toBe('ok');
    expect(setoptsOn(p.sock, [['active', true]])).toEqual(prof[1] === '25' && !isInet(prof) ? ['error', 'einval'] : 'ok');
    expect(p.take()).toEqual(prof[1] === '25' && !isInet(prof) ? [] : [['tcp_closed', 'S']]);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('shutdown.write-peer-sees-close (%s): write_shut, then (exit_on_close false) peer_closed+write_shut', async (_, prof) => {
    const p = await open(prof, [['active', false], ['exit_on_close', false]]);
    expect(p.sock.shutdown('write')).toBe('ok');
    expect(where(p)).toEqual(['write_shut', 'nobody']);
    expect(await p.sock.send(p.owner, Buffer.from('too late'))).toEqual(['error', 'closed']);
    // A second shutdown(write): inet enotconn, socket 27+ closed, socket 25 does it again.
    expect(p.sock.shutdown('write')).toEqual(isInet(prof) ? ['error', 'enotconn'] : modern(prof) ? ['error', 'closed'] : 'ok');
    p.fake.peerEnds('fin');
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    expect(where(p)).toEqual(['peer_closed+write_shut', 'recv']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('shutdown.read-exit-on-close-false (%s): read_shut; recv says closed, twice; send still goes', async (_, prof) => {
    const p = await open(prof, [['active', false], ['exit_on_close', false]]);
    expect(p.sock.shutdown('read')).toBe('ok');
    expect(where(p)).toEqual(['read_shut', 'nobody']);
    p.fake.peerSends('ignored');
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    expect(await p.sock.send(p.owner, Buffer.from('one way'))).toBe('ok');
    expect(where(p)).toEqual(['read_shut', 'recv']);
    expect(p.sock.stats.recv_oct).toBe(0);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('shutdown.read-write (%s): read_shut+write_shut; send and recv say closed', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    expect(p.sock.shutdown('read_write')).toBe('ok');
    expect(where(p)).toEqual(['read_shut+write_shut', 'nobody']);
    expect(await p.sock.send(p.owner, Buffer.from('more'))).toEqual(['error', 'closed']);
    expect(await recv(p, 0)).toEqual(['error', 'closed']);
    expect(await p.sock.close()).toBe('ok');
    expect(where(p)[0]).toBe('closed');
  });

  test.each(ALL.map((p) => [name(p), p] as const))('shutdown.read-active (%s): the owner is told at once, or (socket 25) never', async (_, prof) => {
    const p = await open(prof, [['active', true], ['exit_on_close', false]]);
    expect(p.sock.shutdown('read')).toBe('ok');
    expect(p.take()).toEqual(isInet(prof) || modern(prof) ? [['tcp_closed', 'S']] : []);
    expect(where(p)).toEqual(['read_shut', isInet(prof) || modern(prof) ? 'both' : 'owner']);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('send-timeouts.close-false-data-delivered (%s): closing drains queued output (inet), then closed', async (_, prof) => {
    fakeTimers();
    const p = await open(prof, [['active', false]]);
    p.fake.queued = 100;
    let closed: unknown = 'pending';
    const done = p.sock.close().then((r) => (closed = r));
    expect(where(p)[0]).toBe(isInet(prof) ? 'closing' : 'closed');
    expect(p.sock.closed).toBe(true);
    expect(await recv(p, 0)).toEqual(['error', p.profile.recvOnClosed]);
    if (isInet(prof)) {
      await jest.advanceTimersByTimeAsync(50);
      expect([closed, p.fake.calls.filter((c) => c !== 'readNow')]).toEqual(['pending', []]);
      p.fake.queued = 0;
      await jest.advanceTimersByTimeAsync(5);
    }
    await done;
    expect([closed, where(p)[0], p.fake.calls.filter((c) => c !== 'readNow')]).toEqual(['ok', 'closed', ['destroy']]);
  });

  test.each(ALL.map((p) => [name(p), p] as const))('controlling-process.owner-exit-closes (%s): the owner\'s exit drains like close (inet)', async (_, prof) => {
    fakeTimers();
    const p = await open(prof, [['active', false]]);
    p.fake.queued = 100;
    p.owner.terminate('normal');
    expect(where(p)[0]).toBe(isInet(prof) ? 'closing' : 'closed');
    p.fake.queued = 0;
    await jest.advanceTimersByTimeAsync(5);
    expect([where(p)[0], p.fake.calls]).toEqual(['closed', ['destroy']]);
  });

  test.each(ALL.filter((p) => !isInet(p)).map((p) => [name(p), p] as const))(
    'send-timeouts.close-false-stays-open (%s): a timed-out send gives {timeout, Rest} and the socket stays open',
    async (_, prof) => {
      fakeTimers();
      const p = await open(prof, [['active', false], ['send_timeout', 300]]);
      p.fake.queued = 3;
      const sent = p.sock.send(p.owner, Buffer.from('abcdefgh'));
      await jest.advanceTimersByTimeAsync(300);
      expect(text(await sent)).toEqual(['error', ['timeout', Buffer.from('fgh')]]);
      expect(where(p)).toEqual(['open', 'nobody']);
      p.fake.queued = 0;
      expect(await p.sock.send(p.owner, Buffer.from('again'))).toBe('ok');
    },
  );

  test.each(ALL.map((p) => [name(p), p] as const))('send-timeouts.close-true-closes (%s): a timed-out send closes (socket) or ends the connection (inet)', async (_, prof) => {
    fakeTimers();
    const p = await open(prof, [['active', false], ['send_timeout', 300], ['send_timeout_close', true]]);
    // The kernel takes nothing more: inet's queue is over high_watermark, the socket's write stays queued.
    p.fake.outputQueued = 10_000;
    p.fake.queued = 8;
    const sent = p.sock.send(p.owner, Buffer.from('abcdefgh'));
    await jest.advanceTimersByTimeAsync(300);
    expect(await sent).toEqual(['error', 'timeout']);
    expect(where(p)[0]).toBe(isInet(prof) ? 'ended' : 'closed');
    const after = isInet(prof) ? 'enotconn' : 'closed';
    expect(await p.sock.send(p.owner, Buffer.from('more'))).toEqual(['error', after]);
    expect(await recv(p, 0, 50)).toEqual(['error', isInet(prof) ? 'enotconn' : p.profile.recvOnClosed]);
    expect(await p.sock.close()).toEqual(isInet(prof) || p.profile.closeAgain === 'ok' ? 'ok' : ['error', 'closed']);
  });

  test.each(ALL.filter(isInet).map((p) => [name(p), p] as const))('send-timeouts.close-true-peer-view (%s): an active owner hears of it on 29 only', async (_, prof) => {
    fakeTimers();
    const p = await open(prof, [['active', true], ['send_timeout', 300], ['send_timeout_close', true]]);
    p.fake.outputQueued = 10_000;
    const sent = p.sock.send(p.owner, Buffer.from('x'));
    await jest.advanceTimersByTimeAsync(300);
    expect(await sent).toEqual(['error', 'timeout']);
    expect(p.take()).toEqual(prof[1] === '29' ? [['tcp_closed', 'S']] : []);
    expect(where(p)).toEqual(['ended', prof[1] === '29' ? 'owner' : 'nobody']);
  });

  test.each(
    ALL.filter(isInet).flatMap((p) => [
      [name(p), p, false, 'closed'] as const,
      [name(p), p, true, 'econnreset'] as const,
    ]),
  )('send-timeouts.blocked-peer-reset-passive (%s, show_econnreset %s): the blocked sender gets %s once, then enotconn', async (_, prof, show, reason) => {
    fakeTimers();
    const p = await open(prof, [['active', false], ['show_econnreset', show]]);
    p.fake.outputQueued = 10_000;
    const sent = p.sock.send(p.owner, Buffer.from('blocked'));
    p.fake.writeFails('econnreset');
    await jest.advanceTimersByTimeAsync(100);
    expect(await sent).toEqual(['error', reason]);
    expect(await p.sock.send(p.owner, Buffer.from('after'))).toEqual(['error', 'enotconn']);
    expect(await recv(p, 0, 50)).toEqual(['error', reason]);
  });
});

describe('fixes pinned by options, send-recv and inet-calls scenarios', () => {
  test.each(ALL.map((p) => [name(p), p] as const))('options.setopts-list-passive-through-zero (%s): a list reaching {active,0} on the way sends one tcp_passive', async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    // inet applies the list from its end: 2, -5, 3; socket from its start: 3, -5, 2.
    expect(setoptsOn(p.sock, [['active', 3], ['active', -5], ['active', 2]])).toBe('ok');
    expect(p.sock.opts.active).toBe(prof[0] === 'inet' ? 3 : 2);
    expect(p.take()).toEqual([['tcp_passive', 'S']]);
  });

  test('send-recv.recv-length-above-64mib (inet): over 64 MiB is enomem at once and the bytes stay', async () => {
    const p = await open(['inet', '27'], [['active', false]]);
    p.fake.peerSends('hello');
    expect(await recv(p, 64 * 1024 * 1024 + 1)).toEqual(['error', 'enomem']);
    expect(await recv(p, 0)).toEqual(['ok', 'hello']);
  });

  test.each(ALL.filter(([b, o]) => b === 'inet' || o !== '25').map((p) => [name(p), p] as const))('inet-calls.getstat-recv-packet-4 (%s): recv_max counts the packet header', async (_, prof) => {
    const p = await open(prof, [['active', false], ['packet', 4]]);
    p.fake.peerSends('\0\0\0\x05hello');
    expect(await recv(p, 0)).toEqual(['ok', 'hello']);
    expect(p.sock.stats.recv_max).toBe(9);
  });
});

describe('a {packet,4} length past 2^31 - 1', () => {
  test.each(ALL.filter(([b, o]) => b === 'inet' || o !== '25').map((p) => [name(p), p] as const))('packet-framing.huge-header-passive (%s): recv is emsgsize at once; then inet enotconn, socket has dropped what that recv read', async (_, prof) => {
    fakeTimers();
    const p = await open(prof, [['active', false], ['packet', 4]]);
    p.fake.peerSends('\xff\xff\xff\xfaabc');
    expect(await recv(p, 0)).toEqual(['error', 'emsgsize']);
    const next = recv(p, 0, 300);
    jest.advanceTimersByTime(300);
    expect(await next).toEqual(['error', prof[0] === 'inet' ? 'enotconn' : 'timeout']);
  });

  test.each(ALL.filter(([b]) => b === 'inet').map((p) => [name(p), p] as const))('packet-framing.huge-header-exit-on-close-false (%s): tcp_error, tcp_closed, and the socket still sends', async (_, prof) => {
    const p = await open(prof, [['active', true], ['packet', 4], ['exit_on_close', false]]);
    p.fake.peerSends('\x80\0\0\0abc');
    expect(p.take()).toEqual([['tcp_error', 'S', 'emsgsize'], ['tcp_closed', 'S']]);
    expect(p.sock.closed).toBe(false);
  });
});

describe('{packet,line} with packet_size 8 and no newline', () => {
  test.each(ALL.map((p) => [name(p), p] as const))('packet-framing.line-unterminated-over-packet-size (%s): 12 bytes are emsgsize at once', async (_, prof) => {
    const p = await open(prof, [['active', false], ['packet', 'line'], ['packet_size', 8]]);
    p.fake.peerSends('123456789012');
    expect(await recv(p, 0)).toEqual(['error', 'emsgsize']);
  });

  test.each(ALL.filter(([b]) => b === 'socket').map((p) => [name(p), p] as const))('packet-framing.line-unterminated-at-packet-size (%s): exactly 8 bytes are a line on socket', async (_, prof) => {
    const p = await open(prof, [['active', false], ['packet', 'line'], ['packet_size', 8]]);
    p.fake.peerSends('12345678');
    expect(await recv(p, 0)).toEqual(['ok', '12345678']);
  });
});
test.each(ALL.filter(([b]) => b === 'inet').map((p) => [name(p), p] as const))(
  'close-delivery.after-closed-true-no-exit-on-close (%s): recv on a still-active socket after tcp_closed is einval',
  async (_, prof) => {
    const p = await open(prof, [['active', true], ['exit_on_close', false]]);
    p.fake.peerSends('data');
    p.fake.peerEnds('fin');
    expect(p.take()).toEqual([['tcp', 'S', 'data'], ['tcp_closed', 'S']]);
    expect(await recv(p, 0, 50)).toEqual(['error', 'einval']);
  },
);

test.each(ALL.filter(([b]) => b === 'socket').map((p) => [name(p), p] as const))(
  'send-timeouts.blocked-peer-reset-passive (%s): after a failed send getopts is einval and controlling_process ok',
  async (_, prof) => {
    const p = await open(prof, [['active', false]]);
    const other = new Process();
    expect(getoptsOn(p.sock, ['active'])).toEqual(['ok', [['active', false]]]);
    p.sock.state.fire({ type: 'send_failed', reason: 'closed', reset: false });
    p.sock.state.fire({ type: 'told_recv' });
    expect(getoptsOn(p.sock, ['active'])).toEqual(['error', 'einval']);
    expect(transferAnswer(p.sock, p.owner, other)).toBeUndefined();
  },
);
