/**
 * A connected gen_tcp socket, the part both backends share: framing what
 * arrives, delivery to the owner in active modes, recv in passive mode, the
 * end of the stream, close and shutdown. Where inet_drv and gen_tcp_socket
 * differ, a backend's subclass (src/backend/) decides; where releases of one
 * backend differ, the profile does. Where the socket stands is `state`.
 */
import type { Posix, Reason, Result } from '../erlang/reasons.js';
import type { SocketOptions } from '../options/types.js';
import type { Process } from '../process/process.js';
import type { Profile } from '../profile/profiles.js';
import type { TcpModule } from '../backend/module.js';
import { GenSocket, answerNow, callerBound } from './base.js';
import { BUSY_POLL_MS, BusyWaiters } from './busy.js';
import { ChunkQueue } from './chunks.js';
import { isRawPacket, nextFrame, type Frame, type HttpState, type LongLine, type RefusedFrame } from './framing.js';
import { StreamState, type PeerEnd } from './state.js';
import type { Transport } from './transport.js';
import { syncKernelOptions } from '../options/kernel.js';
import { getNative } from '../native/index.js';

import type { Data } from './data.js';

export type { Reason, Result };
export type SendResult = 'ok' | ['error', Reason];

interface RecvWaiter {
  length: number;
  /** Bytes already buffered when the recv came: the rest it read itself. */
  buffered: number;
  settle: (r: Result<unknown>) => void;
}

export interface Stats {
  recv_oct: number;
  recv_cnt: number;
  recv_max: number;
  send_oct: number;
  send_cnt: number;
  send_max: number;
}

/** A connected socket: what connect and accept return. */
export abstract class StreamSocket<D = Data> extends GenSocket<D> {
  readonly kind = 'stream' as const;
  protected readonly rx = new ChunkQueue();
  /**
   * Where the socket stands (src/socket/state.ts).
   * @internal
   */
  readonly state = new StreamState();
  private readonly recvWaiters: RecvWaiter[] = [];
  private readonly busy = new BusyWaiters();
  private readonly http: HttpState = { headers: false };
  /** Bytes of a refused packet still to drop before the next frame. */
  protected skip = 0;
  private pumping = false;
  readonly stats: Stats = { recv_oct: 0, recv_cnt: 0, recv_max: 0, send_oct: 0, send_cnt: 0, send_max: 0 };

  // ---- what each backend decides ----

  /** A recv while another waits: refused with ealready (inet) or queued (socket). */
  protected abstract readonly concurrentRecv: 'ealready' | 'queue';
  /** {packet, line}: what a line longer than `buffer` becomes. */
  protected abstract readonly longLine: LongLine;
  /** The largest recv length (inet_drv's TCP_MAX_PACKET_SIZE; over it enomem), or none. */
  protected abstract readonly recvLengthLimit: number | undefined;
  /** How long close/1 lets queued output drain before giving up (0: not at all). */
  protected abstract readonly closeDrainMs: number;
  /** recv in active mode is einval even after the end was told, while the connection stands (inet). */
  protected readonly activeRecvBeforeEnd: boolean = false;
  /** {header, N}: whether a packet of `length` bytes comes all as a list. */
  protected abstract headerAsList(length: number): boolean;
  /** What recv says once the end was already told. */
  protected abstract afterEnd(): Reason;
  /** The read half ran out for a recv, which gets `reason` unless the backend says otherwise; the end is told. */
  protected abstract inputEnded(reason: Reason): Reason;
  /** The owner got the first tcp_closed. */
  protected abstract endToldToOwner(): void;
  /** gen_tcp:send/2's way of handing the bytes on. */
  protected abstract transmit(caller: Process, bytes: Buffer): SendResult | Promise<SendResult>;
  /** A second shutdown(write): its error, or undefined to do it again. */
  protected abstract shutdownWriteAgain(): Reason | undefined;
  /** A packet refused (emsgsize) was told to a recv or, `active`, to the owner: what becomes of the socket and the bytes. */
  protected abstract packetRefused(f: RefusedFrame, active: boolean, readByRecv?: boolean): void;
  /** A write the kernel refused after send had returned. */
  protected onWriteError(_code: Posix): void {}
  /** Before reading on: a failure the backend has seen first (true: it handled it). */
  protected failedBeforeRead(): boolean {
    return false;
  }
  /** setopts on a socket whose connection ended. */
  protected activatedAfterEnd(): void {}

  /** Made by the backend's module (listen, connect, accept). @internal */
  constructor(
    owner: Process,
    opts: SocketOptions,
    profile: Profile,
    module: TcpModule,
    readonly transport: Transport,
  ) {
    super(owner, opts, profile, module);
    transport.attach(
      {
        data: (chunk) => this.onData(chunk),
        end: (how) => this.onEnd(how),
        drain: () => this.busy.wake(),
        writeError: (code) => this.onWriteError(code),
      },
      () => this.wantRead(),
    );
    if (opts.nodelay) transport.setNoDelay(true);
    if (opts.keepalive) transport.setKeepAlive(true);
    // Kernel options given at connect/accept (recbuf, linger, tos, ...) reach the socket now.
    syncKernelOptions(this, transport.fd, opts, transport.kernelBirth);
    queueMicrotask(() => this.pump());
  }

  get closed(): boolean {
    return this.state.closed;
  }

  // ---- receiving -------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.closed || this.state.input === 'shut') return;
    this.stats.recv_oct += chunk.length;
    this.rx.push(chunk);
    this.pump();
  }

  private onEnd(how: PeerEnd): void {
    this.state.fire({ type: 'peer_closed', how });
    this.busy.wake();
    this.pump();
  }

  protected wantRead(): boolean {
    const s = this.state;
    if (s.life !== 'open' || s.toldRecv || s.input !== 'open') return false;
    return this.opts.active !== false || this.recvWaiters.length > 0;
  }

  /** Moves whatever can be delivered now: active messages, waiting recvs, the end of the stream. */
  pump(): void {
    if (this.closed) return;
    const s = this.state;
    while (this.opts.active !== false && !s.toldRecv) {
      const f = this.frame(0);
      if (!f) break;
      this.deliverActive(f);
      if (this.closed) return;
    }
    while (this.opts.active === false && this.recvWaiters.length > 0 && !s.toldRecv) {
      const w = this.recvWaiters[0]!;
      const f = s.life === 'open' ? this.frame(w.length) : undefined;
      if (f) {
        this.recvWaiters.shift();
        this.settleWith(w, f);
        continue;
      }
      if (!s.inputOver) break;
      // socket 25 misses the close only while the length header itself is incomplete.
      if (this.profile.partialHeaderHidesClose && this.rx.length > 0 && this.rx.length < Number(this.opts.packet) && ['1', '2', '4'].includes(String(this.opts.packet))) break;
      this.recvWaiters.shift();
      w.settle(['error', this.endOfInput()]);
    }
    // Later waiters of the socket backend's queue, after the end.
    while (s.toldRecv && this.recvWaiters.length > 0) this.recvWaiters.shift()!.settle(['error', this.afterEnd()]);
    if (this.opts.active !== false && s.inputOver && !s.toldOwner && !this.hasCompleteFrame()) this.tellClosed();
    if (this.wantRead() && !this.pumping && this.failedBeforeRead()) return;
    if (this.wantRead() && !this.pumping) {
      // Whatever already waits in the kernel is taken now, as inet_drv does when a socket is activated.
      this.pumping = true;
      try {
        this.transport.readNow();
      } finally {
        this.pumping = false;
      }
    }
    this.transport.setReading(this.wantRead());
  }

  /** A passive recv's packet, or its refusal. */
  private settleWith(w: RecvWaiter, f: Frame): void {
    if (f.kind === 'error') {
      w.settle(['error', f.reason]);
      this.packetRefused(f, false, w.buffered === 0);
      return;
    }
    // A packet recv returns counts as one delivery, as an active one does.
    this.stats.recv_cnt++;
    if (f.kind === 'data') this.stats.recv_max = Math.max(this.stats.recv_max, f.bytes.length + (f.header ?? 0));
    w.settle(['ok', f.kind === 'http' ? f.packet : this.toData(f.bytes)]);
  }

  /** The read side ran out for a recv: the first recv learns why, and the bytes of a partial packet are lost. */
  private endOfInput(): Reason {
    this.rx.clear();
    const s = this.state;
    if (s.life === 'ended') {
      const delayed = s.takeDelayed('recv');
      if (delayed === undefined) return this.afterEnd();
      s.fire({ type: 'told_recv' });
      return delayed;
    }
    if (s.toldRecv) return this.afterEnd();
    const reason = this.endReason();
    s.fire({ type: 'told_recv' });
    return this.inputEnded(reason);
  }

  /** The owner learns the connection ended: {tcp_error,S,econnreset} when shown, then {tcp_closed,S}. */
  protected tellClosed(): void {
    this.rx.clear();
    const s = this.state;
    const firstEnd = !s.toldRecv;
    s.fire({ type: 'told_recv' });
    s.fire({ type: 'told_owner' });
    const delayed = s.takeDelayed('recv');
    if (firstEnd && s.peer === 'reset' && this.opts.show_econnreset) this.owner.deliver(['tcp_error', this, 'econnreset']);
    else if (firstEnd && typeof s.peer === 'object') this.owner.deliver(['tcp_error', this, s.peer.error]);
    else if (delayed === 'econnreset') this.owner.deliver(['tcp_error', this, 'econnreset']);
    this.owner.deliver(['tcp_closed', this]);
    if (firstEnd) this.endToldToOwner();
  }

  /** closed, or econnreset where the peer's (or a send's) reset is shown. */
  protected endReason(): Reason {
    const s = this.state;
    if ((s.peer === 'reset' || s.sendFailure?.reset) && this.opts.show_econnreset) return 'econnreset';
    return 'closed';
  }

  private hasCompleteFrame(): boolean {
    return this.state.life === 'open' && this.rx.length > 0 && isRawPacket(this.opts.packet);
  }

  private frame(length: number): Frame | undefined {
    if (this.skip > 0) {
      const n = Math.min(this.skip, this.rx.length);
      this.rx.take(n);
      this.skip -= n;
      if (this.skip > 0) return undefined;
    }
    return nextFrame(this.rx, this.opts, this.profile, this.longLine, this.http, length);
  }

  private deliverActive(f: Frame): void {
    if (f.kind === 'error') {
      this.owner.deliver(['tcp_error', this, f.reason]);
      this.packetRefused(f, true);
      return;
    }
    this.stats.recv_cnt++;
    const data = f.kind === 'http' ? f.packet : this.toData(f.bytes);
    // {deliver, port}: data comes as a port's message, {S, {data, Data}}.
    const msg = this.opts.deliver === 'port' ? [this, ['data', data]] : f.kind === 'http' ? ['http', this, data] : ['tcp', this, data];
    if (f.kind === 'data') this.stats.recv_max = Math.max(this.stats.recv_max, f.bytes.length + (f.header ?? 0));
    this.owner.deliver(msg);
    const a = this.opts.active;
    if (a === 'once') this.opts.active = false;
    else if (typeof a === 'number') {
      this.opts.active = a - 1 <= 0 ? false : a - 1;
      if (this.opts.active === false) this.owner.deliver(['tcp_passive', this]);
    }
  }

  /** The packet as the owner gets it: a binary, or a string in list mode. */
  toData(bytes: Buffer): Buffer | string | Array<number | Buffer> {
    if (this.opts.mode === 'list') return bytes.toString('latin1');
    if (this.opts.header > 0) {
      // {header, N}: the first N bytes as a list, the rest as a binary tail ([B1,..,BN | Rest]).
      if (this.headerAsList(bytes.length)) return bytes.toString('latin1');
      return [...bytes.subarray(0, this.opts.header), bytes.subarray(this.opts.header)];
    }
    return bytes;
  }

  /** gen_tcp:recv/3 */
  recv(caller: Process, length: number, timeout: number | 'infinity'): Promise<Result<unknown>> {
    const s = this.state;
    if (this.closed) return Promise.resolve(['error', this.profile.recvOnClosed]);
    // inet_drv: a port still connected (exit_on_close false) refuses a recv in active mode before it looks at the end.
    if (this.activeRecvBeforeEnd && s.life === 'open' && this.opts.active !== false) return Promise.resolve(['error', 'einval']);
    if (s.toldRecv || s.life === 'ended') {
      const r = s.takeDelayed('recv') ?? this.afterEnd();
      s.fire({ type: 'told_recv' });
      return Promise.resolve(['error', r]);
    }
    if (this.opts.active !== false) return Promise.resolve(['error', 'einval']);
    return this.recvPassive(caller, length, timeout);
  }

  /** recv on a passive socket whose read half has not been told over. */
  protected recvPassive(caller: Process, length: number, timeout: number | 'infinity'): Promise<Result<unknown>> {
    const raw = isRawPacket(this.opts.packet);
    if (length > 0 && !raw && this.profile.recvLengthInPacketMode === 'einval') return Promise.resolve(['error', 'einval']);
    const limit = this.recvLengthLimit;
    if (limit !== undefined && length > limit) return Promise.resolve(['error', 'enomem']);
    if (this.recvWaiters.length > 0 && this.concurrentRecv === 'ealready') return Promise.resolve(['error', 'ealready']);
    // Most recvs find their packet already here: pump settles the waiter at once, and the
    // call needs no timer and no registration with the caller. Otherwise it waits as before.
    let early: Result<unknown> | undefined;
    let late: ((r: Result<unknown>) => void) | undefined;
    const w: RecvWaiter = {
      length: raw ? length : 0,
      buffered: this.rx.length,
      settle: (r) => {
        if (late) late(r);
        else early = r;
      },
    };
    this.recvWaiters.push(w);
    this.pump();
    if (early !== undefined) return answerNow(caller, early);
    return callerBound<Result<unknown>>(caller, (settle) => {
      let timer: NodeJS.Timeout | undefined;
      late = (r) => {
        if (timer) clearTimeout(timer);
        settle(r);
      };
      if (timeout !== 'infinity')
        timer = setTimeout(() => {
          this.dropWaiter(w);
          this.transport.setReading(this.wantRead());
          settle(['error', 'timeout']);
        }, timeout);
      return () => {
        if (timer) clearTimeout(timer);
        this.dropWaiter(w);
      };
    });
  }

  private dropWaiter(w: RecvWaiter): void {
    const i = this.recvWaiters.indexOf(w);
    if (i >= 0) this.recvWaiters.splice(i, 1);
  }

  // ---- sending ---------------------------------------------------------

  /** gen_tcp:send/2, with the packet header already added. */
  send(caller: Process, bytes: Buffer): SendResult | Promise<SendResult> {
    const s = this.state;
    if (this.closed) return ['error', 'closed'];
    if (s.life === 'ended') return ['error', s.takeDelayed('send') ?? 'enotconn'];
    const failed = s.sendFailure;
    if (failed !== undefined) return ['error', this.profile.repeatSendError ? failed.reason : 'closed'];
    if (s.output === 'shut') return ['error', 'closed'];
    this.stats.send_cnt++;
    this.stats.send_oct += bytes.length;
    this.stats.send_max = Math.max(this.stats.send_max, bytes.length);
    return this.transmit(caller, bytes);
  }

  /** Waits until `done()`, the connection is over, or `timeout` ms (false). */
  protected waitQueue(caller: Process, done: () => boolean, timeout: number | 'infinity'): Promise<boolean> {
    return this.busy.wait(caller, done, () => this.state.life !== 'open' || this.transport.destroyed, timeout);
  }

  /** Calls `cb` once the connection is over or its transport gone (a wait nothing else would end); returns the way to stop watching. */
  protected watchEnd(cb: () => void): () => void {
    return this.busy.watch(() => this.state.life !== 'open' || this.transport.destroyed, cb);
  }

  // ---- closing ---------------------------------------------------------

  /** gen_tcp:close/1 */
  async close(): Promise<'ok' | ['error', Reason]> {
    if (this.closed) return this.closedOnReset || this.profile.closeAgain === 'ok' ? 'ok' : ['error', 'closed'];
    const wasOpen = this.state.life === 'open';
    const draining = wasOpen && !this.lingerZero() && this.closeDrainMs > 0 && this.transport.queued > 0 && !this.transport.destroyed;
    this.markClosed(draining);
    if (!wasOpen) return 'ok';
    if (this.lingerZero()) {
      this.transport.reset();
      return 'ok';
    }
    if (draining) {
      const t0 = Date.now();
      while (this.transport.queued > 0 && !this.transport.destroyed && Date.now() - t0 < this.closeDrainMs) await new Promise((r) => setTimeout(r, BUSY_POLL_MS));
      this.state.fire({ type: 'drained' });
    }
    this.transport.destroy();
    return 'ok';
  }

  /** The owner died: the socket closes; queued output still drains in the background (inet). */
  closeNow(): void {
    if (this.closed) return;
    const wasOpen = this.state.life === 'open';
    const draining = wasOpen && !this.lingerZero() && this.closeDrainMs > 0 && this.transport.queued > 0;
    this.markClosed(draining);
    if (!wasOpen) return;
    if (this.lingerZero()) this.transport.reset();
    else if (draining) {
      const t0 = Date.now();
      const tick = setInterval(() => {
        if (this.transport.queued === 0 || this.transport.destroyed || Date.now() - t0 > this.closeDrainMs) {
          clearInterval(tick);
          this.state.fire({ type: 'drained' });
          this.transport.destroy();
        }
      }, BUSY_POLL_MS);
    } else this.transport.destroy();
  }

  private lingerZero(): boolean {
    return this.opts.linger[0] && this.opts.linger[1] === 0;
  }

  /** The socket closed itself on a reset (socket 25): a later close/1 says ok, not closed. */
  protected closedOnReset = false;

  /** Closed by the socket itself (exit_on_close, send_timeout_close, a packet too big: `error`, the port's exit reason). */
  protected closeQuietly(error?: Reason): void {
    if (this.closed) return;
    if (error !== undefined) this.exitReason = error;
    this.markClosed(false);
    this.transport.destroy();
  }

  private markClosed(draining: boolean): void {
    this.state.fire({ type: draining ? 'close_draining' : 'close' });
    this.owner.disown(this);
    for (const w of this.recvWaiters.splice(0)) w.settle(['error', 'closed']);
    this.busy.stop();
    this.wentDown();
  }

  /** gen_tcp:shutdown/2 */
  shutdown(how: 'read' | 'write' | 'read_write'): 'ok' | ['error', Reason] {
    const s = this.state;
    if (this.closed) return ['error', 'closed'];
    if (s.life === 'ended') return ['error', 'enotconn'];
    if (how !== 'read' && s.output === 'shut') {
      const again = this.shutdownWriteAgain();
      if (again !== undefined) return ['error', again];
    }
    if (how === 'write' || how === 'read_write') {
      s.fire({ type: 'shutdown_write' });
      this.transport.end();
    }
    if (how === 'read' || how === 'read_write') {
      s.fire({ type: 'shutdown_read' });
      const native = getNative();
      const fd = this.transport.fd;
      if (native && fd !== undefined) {
        try {
          native.shutdown(fd, 'read');
        } catch {
          // Already gone: the read side is over either way.
        }
      }
      this.rx.clear();
      // No tcp_closed will come for it (socket 25).
      if (this.opts.active !== false && !this.profile.shutdownReadNotifies) s.fire({ type: 'told_owner' });
      this.pump();
    }
    return 'ok';
  }

  /** setopts: what the state allows, and what activating a finished socket delivers. */
  setoptsAllowed(): Reason | undefined {
    if (this.closed) return this.profile.onClosedSocket;
    if (this.state.told !== 'nobody' && this.profile.setoptsAfterEnd === 'einval') return 'einval';
    return undefined;
  }

  /** Options changed: the kernel options follow, and active mode may deliver what waits. */
  optionsChanged(): void {
    if (this.state.life !== 'open') {
      this.activatedAfterEnd();
      return;
    }
    this.transport.setNoDelay(this.opts.nodelay);
    this.pump();
  }

  /** gen_tcp_socket's server is in its closed state (a send failed): getopts says einval, controlling_process ok. */
  get serverClosed(): boolean {
    return false;
  }

  get endOfStreamReported(): boolean {
    return this.state.told !== 'nobody';
  }
}

