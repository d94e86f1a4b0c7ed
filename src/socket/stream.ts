/**
 * A connected gen_tcp socket: delivery to the owner in active modes, recv in
 * passive mode, the two send disciplines, close and shutdown — each detail the
 * profile settles for the backend and release being emulated.
 */
import type { Posix, Reason, Result } from '../erlang/reasons.js';
import type { SocketOptions } from '../options/types.js';
import type { Process } from '../process/process.js';
import type { Profile } from '../profile/profiles.js';
import { GenSocket, callerBound } from './base.js';
import { ChunkQueue } from './chunks.js';
import { isRawPacket, nextFrame, type Frame, type HttpState } from './framing.js';
import type { Transport } from './transport.js';
import { syncKernelOptions } from '../options/kernel.js';
import { performance } from 'node:perf_hooks';
import { getNative, isNativeError, type GentcpNative } from '../native/index.js';

import type { Data } from './data.js';

export type { Reason, Result };
type SendResult = 'ok' | ['error', Reason];

interface RecvWaiter {
  length: number;
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

const BUSY_POLL_MS = 5;

/** A connected socket: what connect and accept return. */
export class StreamSocket<D = Data> extends GenSocket<D> {
  readonly kind = 'stream' as const;
  private readonly rx = new ChunkQueue();
  /** What we know of the other side: still sending, finished (FIN), reset, or failed. */
  private peer: 'open' | 'fin' | 'reset' | { error: Posix } = 'open';
  /**
   * open; ended: the connection is over but the socket lives on (inet's port
   * after a passive close or a send error: later calls get enotconn);
   * closed: gone (close/1, owner exit, exit_on_close).
   */
  private phase: 'open' | 'ended' | 'closed' = 'open';
  /** The read side is over and was reported to a recv or by tcp_closed. */
  private readEnded = false;
  /** {tcp_closed, S} went to the owner. */
  private closedMessageSent = false;
  /** inet_drv's delayed errors: the next recv and the next send after the end get these once. */
  private recvDelayed: Reason | undefined;
  private sendDelayed: Reason | undefined;
  /** A send already failed, and why (socket backend: the read side may still have data). */
  private writeFailed: Reason | undefined;
  /** A send saw the peer's RST (reading later only finds the end of the stream). */
  private resetSeen = false;
  private readShut = false;
  private writeShut = false;
  /** send_timeout_close ended it. */
  private timedOut = false;
  private readonly recvWaiters: RecvWaiter[] = [];
  private readonly busyWaiters = new Set<() => void>();
  private busyTimer: NodeJS.Timeout | undefined;
  private readonly http: HttpState = { headers: false };
  /** Bytes of a refused packet still to drop (socket 27+), or a refusal already told until more data comes (socket 25). */
  private skip = 0;
  readonly stats: Stats = { recv_oct: 0, recv_cnt: 0, recv_max: 0, send_oct: 0, send_cnt: 0, send_max: 0 };

  constructor(
    owner: Process,
    opts: SocketOptions,
    profile: Profile,
    readonly transport: Transport,
  ) {
    super(owner, opts, profile);
    transport.attach(
      {
        data: (chunk) => this.onData(chunk),
        end: (how) => this.onEnd(how),
        drain: () => this.wakeBusy(),
        writeError: (code) => this.onWriteError(code),
      },
      () => this.wantRead(),
    );
    if (opts.nodelay) transport.setNoDelay(true);
    if (opts.keepalive) transport.setKeepAlive(true);
    // Kernel options given at connect/accept (recbuf, linger, tos, ...) reach the socket now.
    syncKernelOptions(this, transport.fd, opts);
    queueMicrotask(() => this.pump());
  }

  // ---- receiving -------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.closed || this.readShut) return;
    this.stats.recv_oct += chunk.length;
    this.rx.push(chunk);
    this.pump();
  }

  private onEnd(how: 'fin' | 'reset' | { error: Posix }): void {
    if (this.peer === 'open') this.peer = how;
    this.wakeBusy();
    this.pump();
  }

  /** A write the kernel refused after send had returned (inet's background send). */
  private onWriteError(code: Posix): void {
    if (this.profile.endModel !== 'inet' || this.phase !== 'open') return;
    this.endConnection(code === 'econnreset' && this.opts.show_econnreset ? 'econnreset' : 'closed', undefined);
    this.pump();
  }

  private get inputOver(): boolean {
    return this.peer !== 'open' || this.readShut || this.phase !== 'open';
  }

  private wantRead(): boolean {
    if (this.phase !== 'open' || this.readEnded || this.peer !== 'open' || this.readShut) return false;
    return this.opts.active !== false || this.recvWaiters.length > 0;
  }

  /** Moves whatever can be delivered now: active messages, waiting recvs, the end of the stream. */
  pump(): void {
    if (this.closed) return;
    while (this.opts.active !== false && !this.readEnded) {
      const f = this.frame(0);
      if (!f) break;
      this.deliverActive(f);
      if (this.closed) return;
    }
    while (this.opts.active === false && this.recvWaiters.length > 0 && !this.readEnded) {
      const w = this.recvWaiters[0]!;
      const f = this.phase === 'open' ? this.frame(w.length) : undefined;
      if (f) {
        this.recvWaiters.shift();
        if (f.kind === 'error') {
          w.settle(['error', f.reason]);
          // inet_drv drops the connection but keeps the port: later calls say enotconn.
          if (this.profile.packetTooBig === 'close') {
            this.readEnded = true;
            this.endConnection(undefined, undefined);
          } else this.afterRefusal(f, false);
        }
        else {
          // A packet recv returns counts as one delivery, as an active one does.
          this.stats.recv_cnt++;
          if (f.kind === 'data') this.stats.recv_max = Math.max(this.stats.recv_max, f.bytes.length);
          w.settle(['ok', f.kind === 'http' ? f.packet : this.toData(f.bytes)]);
        }
        continue;
      }
      if (!this.inputOver) break;
      // socket 25 misses the close only while the length header itself is incomplete.
      if (this.profile.partialHeaderHidesClose && this.rx.length > 0 && this.rx.length < Number(this.opts.packet) && ['1', '2', '4'].includes(String(this.opts.packet))) break;
      this.recvWaiters.shift();
      w.settle(['error', this.endOfInput()]);
    }
    // Later waiters of the socket backend's queue, after the end.
    while (this.readEnded && this.recvWaiters.length > 0) this.recvWaiters.shift()!.settle(['error', this.afterEnd()]);
    if (this.opts.active !== false && this.inputOver && !this.closedMessageSent && !this.hasCompleteFrame()) this.tellClosed();
    if (this.wantRead() && !this.pumping && this.profile.endModel === 'inet') {
      // inet: a background send meets the peer's reset as it comes, before this activation can read.
      const e = this.transport.backgroundSendError();
      if (e !== undefined) {
        this.onWriteError(e);
        return;
      }
    }
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

  private pumping = false;

  /** The read side ran out for a recv: the first recv learns why, and the bytes of a partial packet are lost. */
  private endOfInput(): Reason {
    this.rx.clear();
    if (this.recvDelayed !== undefined) {
      const r = this.recvDelayed;
      this.recvDelayed = undefined;
      this.readEnded = true;
      return r;
    }
    if (this.readEnded || this.phase === 'ended') return this.afterEnd();
    const reason = this.endReason();
    this.readEnded = true;
    // shutdown(read) ends the read side; with exit_on_close inet (and socket from 27) drop the connection too.
    if (this.readShut && this.profile.endModel === 'inet') {
      if (this.opts.exit_on_close) this.endConnection(undefined, 'closed');
      return 'closed';
    }
    if (this.readShut && this.profile.exitOnCloseAfterPeerClose && this.opts.exit_on_close) {
      this.closeQuietly();
      return 'closed';
    }
    if (this.readShut && this.peer === 'open') return 'closed';
    if (this.profile.endModel === 'inet') {
      // inet_drv closes the descriptor; the next send gets {error, closed} once, unless the reset was shown.
      if (this.opts.exit_on_close || this.peer !== 'fin') this.endConnection(undefined, reason === 'closed' ? 'closed' : undefined);
    } else if (this.profile.exitOnCloseAfterPeerClose && this.opts.exit_on_close && this.writeFailed === undefined) this.closeQuietly();
    return reason;
  }

  /** The owner learns the connection ended: {tcp_error,S,econnreset} when shown, then {tcp_closed,S}. */
  private tellClosed(): void {
    this.rx.clear();
    this.closedMessageSent = true;
    const firstEnd = !this.readEnded;
    this.readEnded = true;
    if (firstEnd && this.peer === 'reset' && this.opts.show_econnreset) this.owner.deliver(['tcp_error', this, 'econnreset']);
    else if (firstEnd && typeof this.peer === 'object') this.owner.deliver(['tcp_error', this, this.peer.error]);
    else if (this.recvDelayed === 'econnreset') this.owner.deliver(['tcp_error', this, 'econnreset']);
    this.recvDelayed = undefined;
    this.owner.deliver(['tcp_closed', this]);
    if (!firstEnd) return;
    if (this.opts.exit_on_close && (this.profile.endModel === 'inet' || this.profile.exitOnCloseAfterPeerClose)) this.closeQuietly();
    else if (this.profile.endModel === 'inet') this.recvDelayed = 'closed';
  }

  private endReason(): Reason {
    if ((this.peer === 'reset' || this.resetSeen) && this.opts.show_econnreset) return 'econnreset';
    return 'closed';
  }

  /** What recv says once the end was already told: inet repeats closed while the connection stands, then enotconn. */
  private afterEnd(): Reason {
    if (this.profile.endModel === 'inet') return this.phase === 'open' ? 'closed' : 'enotconn';
    return this.profile.afterClosed;
  }

  /** inet: the connection is over; the port stays with delayed errors for the next recv and send. */
  private endConnection(recv: Reason | undefined, send: Reason | undefined): void {
    if (this.phase !== 'open') return;
    this.phase = 'ended';
    this.recvDelayed = recv;
    this.sendDelayed = send;
    this.transport.destroy();
  }

  private hasCompleteFrame(): boolean {
    return this.phase === 'open' && this.rx.length > 0 && isRawPacket(this.opts.packet);
  }

  private frame(length: number): Frame | undefined {
    if (this.skip > 0) {
      const n = Math.min(this.skip, this.rx.length);
      this.rx.take(n);
      this.skip -= n;
      if (this.skip > 0) return undefined;
    }
    return nextFrame(this.rx, this.opts, this.profile, this.http, length);
  }

  /**
   * What a refused packet (emsgsize) leaves behind in the socket backend. Active: the
   * socket goes passive; 27+ drop the packet there, 25 keeps a length-prefixed one.
   * Passive: the packet stays (recv refuses it again), except that 25 loses what it
   * buffered behind any other kind of packet. A line 29 refuses goes in any mode.
   */
  private afterRefusal(f: Extract<Frame, { kind: 'error' }>, active: boolean): void {
    if (f.consume !== undefined) this.rx.take(f.consume);
    else if (active && this.profile.packetTooBig === 'drop') {
      if (f.skip !== undefined) this.skip = f.skip;
      else this.rx.clear();
    } else if (this.profile.packetTooBig === 'repeat' && !f.lengthPrefixed) this.rx.clear();
    if (active) this.opts.active = false;
  }

  private deliverActive(f: Frame): void {
    if (f.kind === 'error') {
      this.owner.deliver(['tcp_error', this, f.reason]);
      if (this.profile.packetTooBig === 'close') {
        this.closedMessageSent = true;
        this.readEnded = true;
        this.owner.deliver(['tcp_closed', this]);
        this.closeQuietly();
      } else this.afterRefusal(f, true);
      return;
    }
    this.stats.recv_cnt++;
    const data = f.kind === 'http' ? f.packet : this.toData(f.bytes);
    // {deliver, port}: data comes as a port's message, {S, {data, Data}}.
    const msg = this.opts.deliver === 'port' ? [this, ['data', data]] : f.kind === 'http' ? ['http', this, data] : ['tcp', this, data];
    if (f.kind === 'data') this.stats.recv_max = Math.max(this.stats.recv_max, f.bytes.length);
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
      // {header, N}: the first N bytes as a list, the rest as a binary tail ([B1,..,BN | Rest]);
      // a packet no longer than N is all list.
      const short = this.profile.headerListWhen === 'shorter' ? bytes.length < this.opts.header : bytes.length <= this.opts.header;
      if (short) return bytes.toString('latin1');
      return [...bytes.subarray(0, this.opts.header), bytes.subarray(this.opts.header)];
    }
    return bytes;
  }

  /** gen_tcp:recv/3 */
  recv(caller: Process, length: number, timeout: number | 'infinity', portForm = false): Promise<Result<unknown>> {
    if (this.phase === 'closed') return Promise.resolve(['error', this.profile.closedIo.recv]);
    if (this.readEnded || this.phase === 'ended') {
      const r = this.recvDelayed ?? this.afterEnd();
      this.recvDelayed = undefined;
      this.readEnded = true;
      return Promise.resolve(['error', r]);
    }
    if (this.opts.active !== false) return Promise.resolve(['error', 'einval']);
    // inet with {deliver, port}: the driver answers the recv in port form, {S, {data, Packet}}, which lands
    // in the caller's mailbox; prim_inet never matches it, so the recv itself waits for ever.
    if (this.opts.deliver === 'port' && this.profile.endModel === 'inet' && !portForm) {
      void this.recv(caller, length, 'infinity', true).then((r) => {
        if (r[0] === 'ok') caller.deliver([this, ['data', r[1]]]);
      });
      return callerBound<Result<unknown>>(caller, () => () => undefined);
    }
    const raw = isRawPacket(this.opts.packet);
    if (length > 0 && !raw && this.profile.recvLengthInPacketMode === 'einval') return Promise.resolve(['error', 'einval']);
    if (this.recvWaiters.length > 0 && this.profile.concurrentRecv === 'ealready') return Promise.resolve(['error', 'ealready']);
    // Most recvs find their packet already here: pump settles the waiter at once, and the
    // call needs no timer and no registration with the caller. Otherwise it waits as before.
    let early: Result<unknown> | undefined;
    let late: ((r: Result<unknown>) => void) | undefined;
    const w: RecvWaiter = {
      length: raw ? length : 0,
      settle: (r) => {
        if (late) late(r);
        else early = r;
      },
    };
    this.recvWaiters.push(w);
    this.pump();
    if (early !== undefined) return Promise.resolve(early);
    return callerBound<Result<unknown>>(caller, (settle) => {
      let timer: NodeJS.Timeout | undefined;
      late = (r) => {
        if (timer) clearTimeout(timer);
        settle(r);
      };
      if (timeout !== 'infinity')
        timer = setTimeout(() => {
          const i = this.recvWaiters.indexOf(w);
          if (i >= 0) this.recvWaiters.splice(i, 1);
          this.transport.setReading(this.wantRead());
          settle(['error', 'timeout']);
        }, timeout);
      return () => {
        if (timer) clearTimeout(timer);
        const i = this.recvWaiters.indexOf(w);
        if (i >= 0) this.recvWaiters.splice(i, 1);
      };
    });
  }

  // ---- sending ---------------------------------------------------------

  /** gen_tcp:send/2, with the packet header already added. */
  send(caller: Process, bytes: Buffer): SendResult | Promise<SendResult> {
    if (this.phase === 'closed') return ['error', this.profile.closedIo.send];
    if (this.phase === 'ended') {
      const r = this.sendDelayed ?? 'enotconn';
      this.sendDelayed = undefined;
      return ['error', r];
    }
    if (this.writeFailed !== undefined) return ['error', this.profile.repeatSendError ? this.writeFailed : 'closed'];
    if (this.writeShut) return ['error', 'closed'];
    this.stats.send_cnt++;
    this.stats.send_oct += bytes.length;
    this.stats.send_max = Math.max(this.stats.send_max, bytes.length);
    return this.profile.send === 'buffered' ? this.sendBuffered(caller, bytes) : this.sendBlocking(caller, bytes);
  }

  /**
   * inet: the driver writes what the kernel takes at once and queues the rest; a
   * sender waits only while the queue is over high_watermark. A write the kernel
   * refuses fails the send there and then.
   */
  private sendBuffered(caller: Process, bytes: Buffer): SendResult | Promise<SendResult> {
    // Answered at once unless the queue is over high_watermark (no promise of its own then).
    if (this.transport.netQueued() > this.opts.high_watermark) return this.sendBufferedBusy(caller, bytes);
    return this.writeBuffered(bytes);
  }

  private async sendBufferedBusy(caller: Process, bytes: Buffer): Promise<SendResult> {
    const ok = await this.waitQueue(caller, () => this.transport.netQueued() < this.opts.low_watermark, this.opts.send_timeout);
    if (this.phase !== 'open') return this.send(caller, bytes);
    if (!ok) {
      // The data is queued all the same; only the caller stops waiting.
      if (this.opts.send_timeout_close) return this.sendTimedOut(['error', 'timeout']);
      this.transport.write(bytes);
      return ['error', 'timeout'];
    }
    return this.writeBuffered(bytes);
  }

  private writeBuffered(bytes: Buffer): SendResult {
    const code = this.transport.send(bytes, this.opts.delay_send);
    return code === undefined ? 'ok' : this.sendFailed(code);
  }

  /** A send the kernel refused: inet ends the connection (the next recv learns it once); socket only fails this send. */
  private sendFailed(code: string | undefined): ['error', Reason] {
    const reason: Reason = code === 'ECONNRESET' && this.opts.show_econnreset ? 'econnreset' : 'closed';
    if (this.profile.endModel === 'inet') {
      if (this.opts.active !== false) {
        this.endConnection(undefined, undefined);
        this.recvDelayed = reason;
        this.pump();
      } else this.endConnection(reason, undefined);
    } else {
      this.writeFailed = reason;
      if (code === 'ECONNRESET') this.resetSeen = true;
      if (this.profile.sendErrorEndsRead) {
        // Unread data is lost with the connection; the next recv or activation tells the end.
        this.rx.clear();
        if (this.peer === 'open') this.peer = code === 'ECONNRESET' ? 'reset' : 'fin';
        this.transport.setReading(false);
        this.pump();
      }
    }
    return ['error', reason];
  }

  /** socket: the caller waits until the kernel took everything, or send_timeout; Rest is never sent. */
  private sendBlocking(caller: Process, bytes: Buffer): SendResult | Promise<SendResult> {
    const native = getNative();
    const fd = this.transport.fd;
    if (native && fd !== undefined && this.transport.queued === 0) {
      // The first try is made here: when the kernel takes it all, the send is answered at once.
      const timeout = this.opts.send_timeout;
      const deadline = timeout === 'infinity' ? Infinity : performance.now() + timeout;
      let off: number;
      try {
        off = native.trySend(fd, bytes, 0, bytes.length);
      } catch (e) {
        return this.sendFailed(isNativeError(e) ? e.code : undefined);
      }
      if (off >= bytes.length) return 'ok';
      return this.sendExact(caller, native, fd, bytes, off, deadline);
    }
    return this.sendBlockingQueued(caller, bytes);
  }

  private async sendBlockingQueued(caller: Process, bytes: Buffer): Promise<SendResult> {
    // Without the addon the kernel's share is only known after the fact, and the rest cannot be withdrawn.
    this.transport.write(bytes);
    const ok = await this.waitQueue(caller, () => this.transport.queued === 0, this.opts.send_timeout);
    if (ok) return this.phase !== 'open' || typeof this.peer === 'object' || this.peer === 'reset' ? ['error', 'closed'] : 'ok';
    const rest = bytes.subarray(Math.max(0, bytes.length - this.transport.queued));
    return this.sendTimedOut(this.opts.send_timeout_close ? ['error', 'timeout'] : ['error', ['timeout', rest]]);
  }

  /** Writes straight to the kernel (send(2), non-blocking), waiting for room between tries. */
  private async sendExact(caller: Process, native: GentcpNative, fd: number, bytes: Buffer, off: number, deadline: number): Promise<SendResult> {
    for (;;) {
      const left = deadline - performance.now();
      const writable = left > 0 && (await this.waitWritable(caller, native, fd, left));
      if (this.phase === 'closed') return ['error', 'closed'];
      if (!writable && performance.now() >= deadline)
        return this.sendTimedOut(this.opts.send_timeout_close ? ['error', 'timeout'] : ['error', ['timeout', bytes.subarray(off)]]);
      try {
        off += native.trySend(fd, bytes, off, bytes.length - off);
      } catch (e) {
        return this.sendFailed(isNativeError(e) ? e.code : undefined);
      }
      if (off >= bytes.length) return 'ok';
    }
  }

  private waitWritable(caller: Process, native: GentcpNative, fd: number, ms: number): Promise<boolean> {
    return callerBound<boolean>(caller, (settle) => {
      const ac = new AbortController();
      native.waitWritable(fd, ms, { signal: ac.signal }).then(settle, () => settle(false));
      return () => ac.abort();
    });
  }

  /** send_timeout_close: inet ends the connection (enotconn from then on); socket closes. */
  private sendTimedOut(r: ['error', Reason]): ['error', Reason] {
    if (this.opts.send_timeout_close) {
      this.timedOut = true;
      if (this.profile.sendTimeoutCloseNotifies && this.opts.active !== false && !this.closedMessageSent) {
        this.closedMessageSent = true;
        this.owner.deliver(['tcp_closed', this]);
      }
      if (this.profile.endModel === 'inet') this.endConnection(undefined, undefined);
      else this.closeQuietly();
    }
    return r;
  }

  private waitQueue(caller: Process, done: () => boolean, timeout: number | 'infinity'): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return callerBound<boolean>(caller, (settle) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): void => {
        if (done() || this.phase !== 'open' || this.transport.destroyed) finish(true);
      };
      const finish = (ok: boolean): void => {
        if (timer) clearTimeout(timer);
        this.busyWaiters.delete(check);
        settle(ok);
      };
      this.busyWaiters.add(check);
      this.pollBusy();
      if (timeout !== 'infinity') timer = setTimeout(() => finish(false), timeout);
      return () => {
        if (timer) clearTimeout(timer);
        this.busyWaiters.delete(check);
      };
    });
  }

  /** libuv reports only whole writes; a short poll sees the queue shrink in between. */
  private pollBusy(): void {
    if (this.busyTimer || this.busyWaiters.size === 0) return;
    this.busyTimer = setInterval(() => {
      this.wakeBusy();
      if (this.busyWaiters.size === 0) {
        clearInterval(this.busyTimer);
        this.busyTimer = undefined;
      }
    }, BUSY_POLL_MS);
  }

  private wakeBusy(): void {
    for (const w of [...this.busyWaiters]) w();
  }

  // ---- closing ---------------------------------------------------------

  /** gen_tcp:close/1 */
  async close(): Promise<'ok' | ['error', Reason]> {
    if (this.phase === 'closed') return this.profile.closeAgain === 'ok' ? 'ok' : ['error', 'closed'];
    const wasOpen = this.phase === 'open';
    this.markClosed();
    if (!wasOpen) return 'ok';
    if (this.opts.linger[0] && this.opts.linger[1] === 0) {
      this.transport.reset();
      return 'ok';
    }
    if (this.profile.closeDrainMs > 0 && this.transport.queued > 0 && !this.transport.destroyed) {
      const t0 = Date.now();
      while (this.transport.queued > 0 && !this.transport.destroyed && Date.now() - t0 < this.profile.closeDrainMs)
        await new Promise((r) => setTimeout(r, BUSY_POLL_MS));
    }
    this.transport.destroy();
    return 'ok';
  }

  /** The owner died: the socket closes; queued output still drains in the background (inet). */
  closeNow(): void {
    if (this.phase === 'closed') return;
    const wasOpen = this.phase === 'open';
    this.markClosed();
    if (!wasOpen) return;
    if (this.opts.linger[0] && this.opts.linger[1] === 0) this.transport.reset();
    else if (this.profile.closeDrainMs > 0 && this.transport.queued > 0) {
      const t0 = Date.now();
      const tick = setInterval(() => {
        if (this.transport.queued === 0 || this.transport.destroyed || Date.now() - t0 > this.profile.closeDrainMs) {
          clearInterval(tick);
          this.transport.destroy();
        }
      }, BUSY_POLL_MS);
    } else this.transport.destroy();
  }

  /** Closed by the socket itself (exit_on_close, send_timeout_close, a packet too big). */
  private closeQuietly(): void {
    if (this.phase === 'closed') return;
    this.markClosed();
    this.transport.destroy();
  }

  private markClosed(): void {
    this.phase = 'closed';
    this.closed = true;
    this.owner.disown(this);
    for (const w of this.recvWaiters.splice(0)) w.settle(['error', 'closed']);
    this.wakeBusy();
    if (this.busyTimer) clearInterval(this.busyTimer);
  }

  /** gen_tcp:shutdown/2 */
  shutdown(how: 'read' | 'write' | 'read_write'): 'ok' | ['error', Reason] {
    if (this.phase === 'closed') return ['error', this.profile.closedIo.send];
    if (this.phase === 'ended') return ['error', 'enotconn'];
    // A second shutdown(write): inet says enotconn, socket 27+ closed, socket 25 does it again.
    if (how !== 'read' && this.writeShut && (this.profile.endModel === 'inet' || this.profile.exitOnCloseAfterPeerClose))
      return ['error', this.profile.endModel === 'inet' ? 'enotconn' : 'closed'];
    if (how === 'write' || how === 'read_write') {
      this.writeShut = true;
      this.transport.end();
    }
    if (how === 'read' || how === 'read_write') {
      this.readShut = true;
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
      if (this.opts.active !== false && !this.profile.shutdownReadNotifies) this.closedMessageSent = true;
      this.pump();
    }
    return 'ok';
  }

  /** setopts: what the phase allows, and what activating a finished socket delivers. */
  setoptsAllowed(): Reason | undefined {
    if (this.phase === 'closed') return this.profile.onClosedSocket;
    if ((this.readEnded || this.closedMessageSent) && this.profile.setoptsAfterEnd === 'einval') return 'einval';
    return undefined;
  }

  /** Options changed: the kernel options follow, and active mode may deliver what waits. */
  optionsChanged(): void {
    if (this.phase !== 'open') {
      // inet: activating a socket whose connection ended still tells the owner.
      if (this.opts.active !== false && this.profile.endModel === 'inet' && !this.closedMessageSent) this.tellClosed();
      return;
    }
    this.transport.setNoDelay(this.opts.nodelay);
    this.pump();
  }

  get endOfStreamReported(): boolean {
    return this.readEnded || this.closedMessageSent;
  }
}
