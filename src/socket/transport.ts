/**
 * One TCP (or unix) connection as the socket layer needs it: reading that
 * starts and stops at once (net's onread mode, so passive really stops taking
 * data from the kernel), writes with an exact count of bytes the kernel has not
 * taken yet, and the end of the stream told apart from a reset.
 */
import net from 'node:net';
import { getNative } from '../native/index.js';

export interface TransportEvents {
  data(chunk: Buffer): void;
  /** The peer closed its sending side (FIN), or reset the connection (RST). */
  end(how: 'fin' | 'reset' | { error: string }): void;
  /** Queued output reached the kernel (the write queue went to zero). */
  drain(): void;
  /** A queued write failed (the peer reset or closed): posix name. */
  writeError(code: string): void;
}

const READ_SIZE = 64 * 1024;

/** Options for a net.Socket whose reading we control: onread mode, half-open allowed. */
export function onreadOptions(target: () => Transport | undefined): { allowHalfOpen: true; onread: { buffer: Buffer; callback: (n: number, buf: Buffer) => boolean } } {
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  return {
    allowHalfOpen: true,
    onread: { buffer, callback: (n, buf) => target()?.onData(Buffer.from(buf.subarray(0, n))) ?? false },
  };
}

interface Handle {
  fd?: number;
  writeQueueSize?: number;
  reading?: boolean;
  readStop?: () => number;
}

export class Transport {
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
    this.events?.data(chunk);
    const go = this.wantRead();
    if (!go) this.setReading(false);
    return go;
  }

  /**
   * Takes what the kernel already holds, synchronously, before reading resumes in the
   * background: inet_drv reads as soon as a socket becomes active or a recv arrives,
   * so the owner has the data before the next call. Needs the addon; else a no-op.
   */
  readNow(): void {
    if (this.reading || this.ended) return;
    const native = getNative();
    const fd = this.fd;
    if (!native || fd === undefined) return;
    const buf = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      let n: number | null;
      try {
        n = native.tryRecv(fd, buf, 0, buf.length);
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
      this.events?.data(Buffer.from(buf.subarray(0, n)));
      if (this.ended || !this.wantRead()) return;
    }
  }

  setReading(on: boolean): void {
    if (this.ended || on === this.reading) return;
    this.reading = on;
    if (on) this.conn.resume();
    else {
      this.conn.pause();
      const h = (this.conn as unknown as { _handle?: Handle })._handle;
      if (this.mode === 'stream' && h?.readStop) {
        h.reading = false;
        h.readStop();
      }
    }
  }

  get fd(): number | undefined {
    const fd = (this.conn as unknown as { _handle?: Handle })._handle?.fd;
    return typeof fd === 'number' && fd >= 0 ? fd : undefined;
  }

  /** Bytes handed to write() that the kernel has not taken yet. */
  get queued(): number {
    const h = (this.conn as unknown as { _handle?: Handle })._handle;
    return (h?.writeQueueSize ?? 0) + (this.conn.writableLength > 0 && !h ? this.conn.writableLength : 0);
  }

  get destroyed(): boolean {
    return this.conn.destroyed;
  }

  write(data: Buffer): void {
    this.pendingWrites++;
    this.conn.write(data, (err) => {
      this.pendingWrites--;
      if (err) this.events?.writeError(posixName((err as NodeJS.ErrnoException).code));
      if (this.queued === 0) this.events?.drain();
    });
  }

  /** shutdown(write): a FIN after the queued data. */
  end(): void {
    this.conn.end();
  }

  /** close(2): anything not yet handed to the kernel is dropped. */
  destroy(): void {
    this.ended = true;
    this.conn.destroy();
  }

  /** {linger,{true,0}} and close: an RST. */
  reset(): void {
    this.ended = true;
    this.conn.resetAndDestroy();
  }

  setNoDelay(on: boolean): void {
    this.conn.setNoDelay(on);
  }

  setKeepAlive(on: boolean): void {
    this.conn.setKeepAlive(on);
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

  private finish(how: 'fin' | 'reset' | { error: string }): void {
    if (this.ended) return;
    this.ended = true;
    this.reading = false;
    this.events?.end(how);
  }
}

/** Node's error code as the posix atom inet uses: ECONNREFUSED -> econnrefused. */
export function posixName(code: string | undefined): string {
  return (code ?? 'eio').toLowerCase();
}
