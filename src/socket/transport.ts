/**
 * One TCP (or unix) connection as the socket layer needs it: reading that
 * starts and stops at once (net's onread mode, so passive really stops taking
 * data from the kernel), writes with an exact count of bytes the kernel has not
 * taken yet, and the end of the stream told apart from a reset.
 */
import net from 'node:net';
import type { Posix } from '../erlang/reasons.js';
import { getNative } from '../native/index.js';
import type { KernelFlags } from '../options/kernel.js';

export interface TransportEvents {
  data(chunk: Buffer): void;
  /** The peer closed its sending side (FIN), or reset the connection (RST). */
  end(how: 'fin' | 'reset' | { error: Posix }): void;
  /** A queued write reached the kernel (the queue shrank: senders waiting on it look again). */
  drain(): void;
  /** A queued write failed (the peer reset or closed): posix name. */
  writeError(code: Posix): void;
}

const READ_SIZE = 64 * 1024;
/** A gathered batch reaches the kernel at the tick's end or at this size, whichever comes first. */
const GATHER_LIMIT = 64 * 1024;
/** Only sends smaller than this are gathered. */
const GATHER_BELOW = 8 * 1024;

/** Options for a net.Socket whose reading we control: onread mode, half-open allowed. */
export function onreadOptions(target: () => Transport | undefined): { allowHalfOpen: true; onread: { buffer: () => Buffer; callback: (n: number, buf: Buffer) => boolean } } {
  const reads = new ReadBuffer(true);
  return {
    allowHalfOpen: true,
    // A function: libuv reads into whatever it returns after each read.
    onread: { buffer: () => reads.buf, callback: (n) => target()?.onData(reads.took(n)) ?? false },
  };
}

/** Reads smaller than this are copied out; larger ones keep the read buffer, and a new one is made. */
const HAND_OVER = 16 * 1024;

/** The buffer every socket starts reading into: reads into it are always copied out. */
const sharedReads = Buffer.allocUnsafe(READ_SIZE);

/**
 * The buffer reads go into. A large read is handed on as it is (no copy) and
 * the next read gets a fresh buffer; a small one is copied out, so that a
 * 68-byte packet does not hold a 64 KiB buffer alive. A socket starts on the
 * shared buffer (most connections never read much: no 64 KiB each) and gets
 * its own at its first large read.
 */
class ReadBuffer {
  buf: Buffer;

  constructor(startShared: boolean) {
    this.buf = startShared ? sharedReads : Buffer.allocUnsafe(READ_SIZE);
  }

  took(n: number): Buffer {
    if (n < HAND_OVER) return Buffer.from(this.buf.subarray(0, n));
    if (this.buf === sharedReads) {
      // Other sockets read into it too: copy this one out, and read into a buffer of its own from now on.
      this.buf = Buffer.allocUnsafe(READ_SIZE);
      return Buffer.from(sharedReads.subarray(0, n));
    }
    const chunk = this.buf.subarray(0, n);
    this.buf = Buffer.allocUnsafe(READ_SIZE);
    return chunk;
  }
}

/** readNow's buffer, for every transport: it is only read into and taken from synchronously. */
const nowReads = new ReadBuffer(false);

interface Handle {
  fd?: number;
  writeQueueSize?: number;
  reading?: boolean;
  readStop?: () => number;
}

export class Transport {
  /** The kernel flags the fd was made with, where its maker knows them (src/options/kernel.ts). */
  kernelBirth: KernelFlags | undefined;
  private reading = false;
  private ended = false;
  private events: TransportEvents | undefined;
  private wantRead: () => boolean = () => false;
  private pendingWrites = 0;

  /**
   * `onread`: the socket was made with onreadOptions, so pause() stops reading at once.
   * `stream`: a socket net.Server accepted; pausing also stops its handle, or Node would read on.
   */
  constructor(
    readonly conn: net.Socket,
    private readonly mode: 'onread' | 'stream',
  ) {
    conn.pause();
    if (mode === 'stream') conn.on('data', (chunk: Buffer) => void this.onData(chunk));
    // libuv reports an RST that arrives behind unread data as a plain end; SO_ERROR tells them apart.
    conn.on('end', () => this.finish(this.pendingError() === 'econnreset' ? 'reset' : 'fin'));
    conn.on('error', (e: NodeJS.ErrnoException) => this.finish(e.code === 'ECONNRESET' ? 'reset' : { error: posixName(e.code) }));
    conn.on('close', () => this.finish('fin'));
  }

  /** Hands events to the socket; `wantRead` decides after each chunk whether to keep reading. */
  attach(events: TransportEvents, wantRead: () => boolean): void {
    this.events = events;
    this.wantRead = wantRead;
  }

  /** Called by the onread callback: deliver, and tell libuv whether to go on. */
  onData(chunk: Buffer): boolean {
    // A short read means libuv reads no more in this callback: a stop asked for now can wait (see setReading).
    this.inShortRead = chunk.length < READ_SIZE;
    try {
      this.events?.data(chunk);
    } finally {
      this.inShortRead = false;
    }
    const go = this.wantRead();
    if (go || this.lazyStop) return true;
    this.setReading(false);
    return false;
  }

  /** In the onread callback of a read that did not fill the buffer. */
  private inShortRead = false;
  /** Not reading, but libuv not told yet: it is told in this loop turn's check phase, unless reading resumes first. */
  private lazyStop = false;

  /**
   * Takes what the kernel already holds, synchronously, before reading resumes in the
   * background: inet_drv reads as soon as a socket becomes active or a recv arrives,
   * so the owner has the data before the next call. Needs the addon; else a no-op.
   */
  readNow(): void {
    // lazyStop: a short read emptied the socket in this very loop turn; a byte come since is a race no peer can tell.
    if (this.reading || this.ended || this.lazyStop) return;
    const native = getNative();
    const fd = this.fd;
    if (!native || fd === undefined) return;
    for (;;) {
      let n: number | null;
      try {
        n = native.tryRecv(fd, nowReads.buf, 0, READ_SIZE);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        this.finish(code === 'ECONNRESET' ? 'reset' : { error: posixName(code) });
        return;
      }
      if (n === null) return;
      if (n === 0) {
        this.finish(this.pendingError() === 'econnreset' ? 'reset' : 'fin');
        return;
      }
      this.events?.data(nowReads.took(n));
      if (this.ended || !this.wantRead()) return;
    }
  }

  setReading(on: boolean): void {
    if (this.ended || on === this.reading) return;
    this.reading = on;
    if (on) {
      // Resumed before libuv was told to stop: it never stopped ({active,once} re-armed at once).
      if (this.lazyStop) this.lazyStop = false;
      else this.conn.resume();
    } else if (this.inShortRead && this.mode === 'onread') {
      // The next read can only come from the next poll, after the check phase: the stop is
      // told to libuv there, and costs nothing when the owner re-arms the socket before.
      this.lazyStop = true;
      setImmediate(() => {
        if (!this.lazyStop) return;
        this.lazyStop = false;
        this.stopNow();
      });
    } else this.stopNow();
  }

  private stopNow(): void {
    this.conn.pause();
    const h = (this.conn as unknown as { _handle?: Handle })._handle;
    if (this.mode === 'stream' && h?.readStop) {
      h.reading = false;
      h.readStop();
    }
  }

  /** The handle whose fd was read last, and that fd: reading a handle's fd is a call into C++, once per send otherwise. */
  private fdOf: Handle | undefined;
  private fdCached: number | undefined;

  get fd(): number | undefined {
    const h = (this.conn as unknown as { _handle?: Handle | null })._handle ?? undefined;
    if (h === undefined) return undefined;
    if (h === this.fdOf) return this.fdCached;
    const fd = h.fd;
    if (typeof fd !== 'number' || fd < 0) return undefined;
    // Kept only once the handle has one (a connecting handle has none until libuv makes its socket).
    this.fdOf = h;
    this.fdCached = fd;
    return fd;
  }

  /**
   * Bytes handed to write() that the kernel has not taken yet: what libuv still
   * holds of the write in progress, and the writes net's Writable keeps behind it
   * (a sender that never yields piles them up there, out of libuv's sight).
   */
  get queued(): number {
    return this.batchBytes + this.netQueued();
  }

  /**
   * What net and libuv hold: the bytes the kernel refused for now. This, not the
   * gathered batch, is what makes a sender busy (inet_drv's queue holds only what
   * the kernel would not take).
   */
  netQueued(): number {
    // Every byte handed to net is counted in a write whose callback has not come yet.
    if (this.pendingWrites === 0) return 0;
    const h = (this.conn as unknown as { _handle?: Handle })._handle;
    const w = this.conn.writableLength;
    if (!h) return w;
    if (w === 0) return h.writeQueueSize ?? 0;
    const inFlight = (this.conn as unknown as { _writableState?: { writelen?: number } })._writableState?.writelen ?? 0;
    return (h.writeQueueSize ?? 0) + Math.max(0, w - inFlight);
  }

  /** Sends written after the first in this tick, not yet handed on: see send(). */
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** A send went to the kernel in this tick; the flush at the tick's end clears it. */
  private sentThisTick = false;
  private flushScheduled = false;

  /**
   * inet's send: the bytes go to the kernel at once when nothing waits before them
   * (inet_drv writes straight from send when its queue is empty), else behind the
   * queue. Returns the errno code of a write the kernel refused there and then.
   * With {delay_send, true} (`gather`), later sends of the same tick are gathered and
   * reach the kernel together when the tick ends, in one syscall instead of one each,
   * as inet_drv queues them then. Not by default: once send has returned, its bytes
   * must be in the kernel before anything else the caller does (a message on another
   * socket included). Close, shutdown, reset and getstat flush first.
   */
  send(bytes: Buffer, gather: boolean): string | undefined {
    if (!gather || bytes.length >= GATHER_BELOW) {
      // Not gathering, or a send big enough to be worth its syscall: what was gathered goes first.
      this.flush();
      return this.toKernel(bytes);
    }
    if (this.sentThisTick || this.batchBytes > 0) {
      this.batch.push(bytes);
      this.batchBytes += bytes.length;
      // A sender that never yields hands its batch on at this size, so the batch stays small.
      if (this.batchBytes >= GATHER_LIMIT) this.flush();
      else this.scheduleFlush();
      return undefined;
    }
    this.sentThisTick = true;
    this.scheduleFlush();
    return this.toKernel(bytes);
  }

  /** Hands the gathered sends on, in one write. */
  flush(): void {
    if (this.batchBytes === 0) return;
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    const code = this.toKernel(data);
    if (code !== undefined) this.events?.writeError(posixName(code));
    this.events?.drain();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => {
      this.flushScheduled = false;
      this.sentThisTick = false;
      this.flush();
    });
  }

  /** send(2) what the kernel takes now when nothing is queued, the rest behind net's queue. */
  private toKernel(bytes: Buffer): string | undefined {
    const native = getNative();
    const fd = this.fd;
    if (native && fd !== undefined && this.netQueued() === 0) {
      let n: number;
      try {
        n = native.trySend(fd, bytes, 0, bytes.length);
      } catch (e) {
        return (e as NodeJS.ErrnoException).code ?? 'EIO';
      }
      if (n < bytes.length) this.netWrite(bytes.subarray(n));
      return undefined;
    }
    this.netWrite(bytes);
    return undefined;
  }

  get destroyed(): boolean {
    return this.conn.destroyed;
  }

  /** Queues `data` behind everything sent before it. */
  write(data: Buffer): void {
    this.flush();
    this.netWrite(data);
  }

  private netWrite(data: Buffer): void {
    this.pendingWrites++;
    this.conn.write(data, (err) => {
      this.pendingWrites--;
      if (err) this.events?.writeError(posixName((err as NodeJS.ErrnoException).code));
      this.events?.drain();
    });
  }

  /** shutdown(write): a FIN after the queued data. */
  end(): void {
    this.flush();
    this.conn.end();
  }

  /** close(2): anything not yet handed to the kernel is dropped. */
  destroy(): void {
    this.flush();
    this.ended = true;
    this.conn.destroy();
  }

  /** {linger,{true,0}} and close: an RST. */
  reset(): void {
    this.flush();
    this.ended = true;
    this.conn.resetAndDestroy();
  }

  setNoDelay(on: boolean): void {
    this.conn.setNoDelay(on);
  }

  setKeepAlive(on: boolean): void {
    this.conn.setKeepAlive(on);
  }

  /**
   * The error a write still queued here meets (SO_ERROR), if the peer reset the connection:
   * inet_drv's background send meets it the moment the reset comes, so it has ended the
   * connection before a later activation reads anything. Asked only with output queued,
   * since reading SO_ERROR clears it.
   */
  backgroundSendError(): Posix | undefined {
    if (this.ended || this.netQueued() === 0) return undefined;
    return this.pendingError() === 'econnreset' ? 'econnreset' : undefined;
  }

  /** The socket's pending error (SO_ERROR, read once: reading clears it), where the addon can see it. */
  private pendingError(): string | undefined {
    const native = getNative();
    const fd = this.fd;
    if (!native || fd === undefined) return undefined;
    try {
      const err = native.getsockoptInt(fd, native.constants.SOL_SOCKET, native.constants.SO_ERROR);
      return err === 104 ? 'econnreset' : err ? `errno${err}` : undefined;
    } catch {
      return undefined;
    }
  }

  private finish(how: 'fin' | 'reset' | { error: Posix }): void {
    if (this.ended) return;
    this.ended = true;
    this.reading = false;
    this.events?.end(how);
  }
}

/**
 * Node's error code as the posix atom inet uses: ECONNREFUSED -> econnrefused.
 * A failed system call's code is its errno name; DNS failures (ENOTFOUND) are
 * translated where they can occur (connect).
 */
export function posixName(code: string | undefined): Posix {
  return (code ?? 'eio').toLowerCase() as Posix;
}
