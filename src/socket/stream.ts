/**
 * A connected gen_tcp socket: delivery to the owner in active modes, recv in
 * passive mode, the two send disciplines, close and shutdown — each detail the
 * profile settles for the backend and release being emulated.
 */
import type { SocketOptions } from '../options/types.js';
import type { Process } from '../process/process.js';
import type { Profile } from '../profile/profiles.js';
import { GenSocket, callerBound } from './base.js';
import { ChunkQueue } from './chunks.js';
import { nextFrame, type Frame } from './framing.js';
import type { Transport } from './transport.js';

export type Reason = string | [string, unknown];
export type Result<T> = ['ok', T] | ['error', Reason];

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

export class StreamSocket extends GenSocket {
  readonly kind = 'stream' as const;
  private readonly rx = new ChunkQueue();
  /** What we know of the other side: still sending, finished (FIN), reset, or failed. */
  private peer: 'open' | 'fin' | 'reset' | { error: string } = 'open';
  private readShut = false;
  private writeShut = false;
  /** The end of the stream was reported ({tcp_closed,S} or {error,closed}). */
  private endReported = false;
  /** send_timeout_close closed it. */
  private timedOut = false;
  private readonly recvWaiters: RecvWaiter[] = [];
  private readonly busyWaiters = new Set<() => void>();
  private busyTimer: NodeJS.Timeout | undefined;
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
      },
      () => this.wantRead(),
    );
    if (opts.nodelay) transport.setNoDelay(true);
    if (opts.keepalive) transport.setKeepAlive(true);
    queueMicrotask(() => this.pump());
  }

  // ---- receiving -------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.closed || this.readShut) return;
    this.stats.recv_oct += chunk.length;
    this.rx.push(chunk);
    this.pump();
  }

  private onEnd(how: 'fin' | 'reset' | { error: string }): void {
    if (this.peer === 'open') this.peer = how;
    this.wakeBusy();
    this.pump();
  }

  private get peerGone(): boolean {
    return this.peer !== 'open' || this.readShut;
  }

  private wantRead(): boolean {
    if (this.closed || this.peerGone) return false;
    return this.opts.active !== false || this.recvWaiters.length > 0;
  }

  /** Moves whatever can be delivered now: active messages, waiting recvs, the end of the stream. */
  pump(): void {
    if (this.closed) return;
    while (this.opts.active !== false) {
      const f = this.frame(0);
      if (!f) break;
      this.deliverActive(f);
      if (this.closed) return;
    }
    while (this.opts.active === false && this.recvWaiters.length > 0) {
      const w = this.recvWaiters[0]!;
      const f = this.frame(w.length);
      if (f) {
        this.recvWaiters.shift();
        if (f.kind === 'error') w.settle(['error', f.reason]);
        else w.settle(['ok', f.kind === 'http' ? f.packet : this.toData(f.bytes)]);
        continue;
      }
      if (!this.peerGone) break;
      this.recvWaiters.shift();
      // Fewer bytes than asked for, or a partial packet: lost with the connection.
      this.rx.clear();
      const first = !this.endReported;
      this.endReported = true;
      w.settle(['error', first ? this.endReason() : this.profile.afterClosed]);
      if (first && this.opts.exit_on_close && this.peer !== 'open') this.shutTransport();
    }
    if (this.opts.active !== false && this.peerGone && !this.endReported && !this.hasCompleteFrame()) {
      this.rx.clear();
      this.endReported = true;
      if (this.peer === 'reset' && this.opts.show_econnreset) this.owner.deliver(['tcp_error', this, 'econnreset']);
      else if (typeof this.peer === 'object') this.owner.deliver(['tcp_error', this, this.peer.error]);
      this.owner.deliver(['tcp_closed', this]);
      if (this.opts.exit_on_close && this.peer !== 'open') this.shutTransport();
    }
    this.transport.setReading(this.wantRead());
  }

  private endReason(): Reason {
    return this.peer === 'reset' && this.opts.show_econnreset ? 'econnreset' : 'closed';
  }

  private hasCompleteFrame(): boolean {
    return this.rx.length > 0 && ['0', 'raw'].includes(String(this.opts.packet));
  }

  private frame(length: number): Frame | undefined {
    if (this.skip > 0) {
      const n = Math.min(this.skip, this.rx.length);
      this.rx.take(n);
      this.skip -= n;
      if (this.skip > 0) return undefined;
    }
    return nextFrame(this.rx, this.opts, this.profile, length);
  }

  private deliverActive(f: Frame): void {
    if (f.kind === 'error') {
      this.owner.deliver(['tcp_error', this, f.reason]);
      if (this.profile.packetTooBig === 'close') {
        this.owner.deliver(['tcp_closed', this]);
        this.endReported = true;
        this.closeNow();
      }
      return;
    }
    this.stats.recv_cnt++;
    const msg = f.kind === 'http' ? ['http', this, f.packet] : ['tcp', this, this.toData(f.bytes)];
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
      // {header, N}: the first N bytes as a list, the rest as a binary tail ([B1,..,BN | Rest]).
      const h = Math.min(this.opts.header, bytes.length);
      return [...bytes.subarray(0, h), bytes.subarray(h)];
    }
    return bytes;
  }

  /** gen_tcp:recv/3 */
  recv(caller: Process, length: number, timeout: number | 'infinity'): Promise<Result<unknown>> {
    if (this.closed) return Promise.resolve(['error', this.timedOut ? this.profile.afterSendTimeoutClose : 'closed']);
    if (this.opts.active !== false) return Promise.resolve(['error', 'einval']);
    const raw = ['0', 'raw'].includes(String(this.opts.packet));
    if (length > 0 && !raw && this.profile.recvLengthInPacketMode === 'einval') return Promise.resolve(['error', 'einval']);
    if (this.endReported) return Promise.resolve(['error', this.profile.afterClosed]);
    if (this.recvWaiters.length > 0 && this.profile.concurrentRecv === 'ealready') return Promise.resolve(['error', 'ealready']);
    return callerBound<Result<unknown>>(caller, (settle) => {
      let timer: NodeJS.Timeout | undefined;
      const w: RecvWaiter = {
        length: raw ? length : 0,
        settle: (r) => {
          if (timer) clearTimeout(timer);
          settle(r);
        },
      };
      this.recvWaiters.push(w);
      if (timeout !== 'infinity')
        timer = setTimeout(() => {
          const i = this.recvWaiters.indexOf(w);
          if (i >= 0) this.recvWaiters.splice(i, 1);
          this.transport.setReading(this.wantRead());
          settle(['error', 'timeout']);
        }, timeout);
      this.pump();
      return () => {
        if (timer) clearTimeout(timer);
        const i = this.recvWaiters.indexOf(w);
        if (i >= 0) this.recvWaiters.splice(i, 1);
      };
    });
  }

  // ---- sending ---------------------------------------------------------

  /** gen_tcp:send/2, with the packet header already added. */
  async send(caller: Process, bytes: Buffer): Promise<'ok' | ['error', Reason]> {
    if (this.closed) return ['error', this.timedOut ? this.profile.afterSendTimeoutClose : 'closed'];
    if (this.writeShut || this.transport.destroyed || this.peer === 'reset' || typeof this.peer === 'object') return ['error', 'closed'];
    this.stats.send_cnt++;
    this.stats.send_oct += bytes.length;
    this.stats.send_max = Math.max(this.stats.send_max, bytes.length);
    return this.profile.send === 'buffered' ? this.sendBuffered(caller, bytes) : this.sendBlocking(caller, bytes);
  }

  /** inet: the driver queues what the kernel does not take; a sender waits only while the queue is over high_watermark. */
  private async sendBuffered(caller: Process, bytes: Buffer): Promise<'ok' | ['error', Reason]> {
    if (this.transport.queued > this.opts.high_watermark) {
      const ok = await this.waitQueue(caller, () => this.transport.queued < this.opts.low_watermark, this.opts.send_timeout);
      if (!ok) return this.sendTimedOut(['error', 'timeout']);
      if (this.closed) return ['error', 'closed'];
    }
    this.transport.write(bytes);
    return 'ok';
  }

  /** socket: the caller waits until the kernel took everything, or send_timeout. */
  private async sendBlocking(caller: Process, bytes: Buffer): Promise<'ok' | ['error', Reason]> {
    this.transport.write(bytes);
    const ok = await this.waitQueue(caller, () => this.transport.queued === 0, this.opts.send_timeout);
    if (ok) return this.closed || typeof this.peer === 'object' || this.peer === 'reset' ? ['error', 'closed'] : 'ok';
    const rest = bytes.subarray(Math.max(0, bytes.length - this.transport.queued));
    return this.sendTimedOut(['error', ['timeout', rest]]);
  }

  private sendTimedOut(r: ['error', Reason]): ['error', Reason] {
    if (this.opts.send_timeout_close) {
      this.timedOut = true;
      this.closeNow();
    }
    return r;
  }

  private waitQueue(caller: Process, done: () => boolean, timeout: number | 'infinity'): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return callerBound<boolean>(caller, (settle) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): void => {
        if (done() || this.closed || this.transport.destroyed) finish(true);
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
    if (this.closed) return this.profile.closeAgain === 'ok' || this.timedOut ? 'ok' : ['error', 'closed'];
    this.markClosed();
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

  closeNow(): void {
    if (this.closed) return;
    this.markClosed();
    if (this.opts.linger[0] && this.opts.linger[1] === 0) this.transport.reset();
    else this.transport.destroy();
  }

  private markClosed(): void {
    this.closed = true;
    this.owner.disown(this);
    for (const w of this.recvWaiters.splice(0)) w.settle(['error', 'closed']);
    this.wakeBusy();
    if (this.busyTimer) clearInterval(this.busyTimer);
  }

  /** exit_on_close: the port goes away once the end of the stream was reported. */
  private shutTransport(): void {
    this.closed = true;
    this.owner.disown(this);
    this.transport.destroy();
  }

  /** gen_tcp:shutdown/2 */
  shutdown(how: 'read' | 'write' | 'read_write'): 'ok' | ['error', Reason] {
    if (this.closed) return ['error', this.profile.onClosedSocket === 'einval' ? 'enotconn' : 'closed'];
    if (how === 'write' || how === 'read_write') {
      this.writeShut = true;
      this.transport.end();
    }
    if (how === 'read' || how === 'read_write') {
      this.readShut = true;
      this.rx.clear();
      this.pump();
    }
    return 'ok';
  }

  /** Active mode may have changed: deliver what is waiting. */
  optionsChanged(): void {
    if (this.opts.nodelay !== undefined) this.transport.setNoDelay(this.opts.nodelay);
    this.pump();
  }

  get endOfStreamReported(): boolean {
    return this.endReported;
  }
}
