/**
 * A connected socket of the socket backend: gen_tcp_socket's server over the
 * socket NIF. A send blocks its caller until the kernel took every byte, or
 * send_timeout; recvs queue; the calls after the end ask the socket itself,
 * which exit_on_close closed (27+) or which stays half-open (25).
 */
import { performance } from 'node:perf_hooks';
import type { Reason } from '../erlang/reasons.js';
import { getNative, isNativeError, type GentcpNative } from '../native/index.js';
import type { Process } from '../process/process.js';
import { callerBound } from '../socket/base.js';
import type { RefusedFrame } from '../socket/framing.js';
import { StreamSocket, type SendResult } from '../socket/stream.js';

export class SocketStream extends StreamSocket {
  protected readonly concurrentRecv = 'queue';
  protected readonly recvLengthLimit = undefined;
  protected readonly longLine = 'whole';
  protected readonly closeDrainMs = 0;

  /** {header, N}: a packet no longer than N comes as a plain list. */
  protected headerAsList(length: number): boolean {
    return length <= this.opts.header;
  }

  /**
   * What a refused packet leaves behind. Active: the socket goes passive; 27+ drop
   * the packet there, 25 keeps a length-prefixed one. Passive: the packet stays
   * (recv refuses it again), except that 25 loses what it buffered behind any other
   * kind of packet. A line 29 refuses goes in any mode.
   */
  protected packetRefused(f: RefusedFrame, active: boolean, readByRecv = false): void {
    if (f.consume !== undefined) this.rx.take(f.consume);
    // gen_tcp_socket drops what a failed recv read itself; what was buffered before stays.
    else if (!active && readByRecv && this.profile.packetTooBig === 'drop' && (f.lengthPrefixed || f.unterminated)) this.rx.clear();
    else if (active && this.profile.packetTooBig === 'drop') {
      if (f.skip !== undefined) this.skip = f.skip;
      else this.rx.clear();
    } else if (this.profile.packetTooBig === 'repeat' && !f.lengthPrefixed && !f.unterminated) this.rx.clear();
    if (active) this.opts.active = false;
  }

  /** A failed send moves gen_tcp_socket's server to its closed state. */
  override get serverClosed(): boolean {
    return this.state.sendFailure !== undefined;
  }

  protected afterEnd(): Reason {
    return 'closed';
  }

  /** With exit_on_close the socket closes (27+; 25 only on a reset, keeping it half-open after a FIN), unless a send already failed. */
  protected inputEnded(reason: Reason): Reason {
    const s = this.state;
    const closes = (this.profile.exitOnCloseAfterPeerClose || s.peer === 'reset') && this.opts.exit_on_close;
    if (s.input === 'shut' && closes) {
      this.closeQuietly();
      return 'closed';
    }
    if (s.input === 'shut' && s.peer === undefined) return 'closed';
    if (closes && s.sendFailure === undefined) {
      this.closedOnReset = s.peer === 'reset';
      this.closeQuietly();
    }
    return reason;
  }

  protected endToldToOwner(): void {
    if (this.opts.exit_on_close && this.profile.exitOnCloseAfterPeerClose) this.closeQuietly();
  }

  /** A second shutdown(write): closed (27+); 25 does it again. */
  protected shutdownWriteAgain(): Reason | undefined {
    return this.profile.exitOnCloseAfterPeerClose ? 'closed' : undefined;
  }

  /** The caller waits until the kernel took everything, or send_timeout; Rest is never sent. */
  protected transmit(caller: Process, bytes: Buffer): SendResult | Promise<SendResult> {
    const native = getNative();
    const fd = this.transport.fd;
    if (!native || fd === undefined || this.transport.queued !== 0) return this.sendQueued(caller, bytes);
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
    return this.sendRest(caller, native, fd, bytes, off, deadline);
  }

  /** Writes straight to the kernel (send(2), non-blocking), waiting for room between tries. */
  private async sendRest(caller: Process, native: GentcpNative, fd: number, bytes: Buffer, off: number, deadline: number): Promise<SendResult> {
    for (;;) {
      const left = deadline - performance.now();
      const writable = left > 0 && (await this.waitWritable(caller, native, fd, left));
      if (this.closed) return ['error', 'closed'];
      // The descriptor went with the transport (the reader met a reset): the send fails there.
      if (this.transport.destroyed) return this.sendFailed(undefined);
      if (!writable && performance.now() >= deadline) return this.sendTimedOut(bytes.subarray(off));
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
      // Closing or losing the transport ends the wait: the kernel would never say writable.
      const unwatch = this.watchEnd(() => {
        ac.abort();
        settle(false);
      });
      native.waitWritable(fd, ms, { signal: ac.signal }).then(
        (w) => {
          unwatch();
          settle(w);
        },
        () => {
          unwatch();
          settle(false);
        },
      );
      return () => {
        unwatch();
        ac.abort();
      };
    });
  }

  private async sendQueued(caller: Process, bytes: Buffer): Promise<SendResult> {
    // Without the addon the kernel's share is only known after the fact, and the rest cannot be withdrawn.
    this.transport.write(bytes);
    const ok = await this.waitQueue(caller, () => this.transport.queued === 0, this.opts.send_timeout);
    const peer = this.state.peer;
    if (ok) return this.state.life !== 'open' || typeof peer === 'object' || peer === 'reset' ? ['error', 'closed'] : 'ok';
    return this.sendTimedOut(bytes.subarray(Math.max(0, bytes.length - this.transport.queued)));
  }

  /** A send the kernel refused fails; the read side ends with it from 27 (25 still delivers unread data). */
  private sendFailed(code: string | undefined): ['error', Reason] {
    const reason: Reason = code === 'ECONNRESET' && this.opts.show_econnreset ? 'econnreset' : 'closed';
    this.state.fire({ type: 'send_failed', reason, reset: code === 'ECONNRESET' });
    if (this.profile.sendErrorEndsRead) {
      // Unread data is lost with the connection; the next recv or activation tells the end.
      this.rx.clear();
      this.state.fire({ type: 'peer_closed', how: code === 'ECONNRESET' ? 'reset' : 'fin' });
      this.transport.setReading(false);
      this.pump();
    }
    return ['error', reason];
  }

  /** send_timeout: {timeout, Rest}; with send_timeout_close the socket closes and says only timeout. */
  private sendTimedOut(rest: Buffer): ['error', Reason] {
    if (!this.opts.send_timeout_close) return ['error', ['timeout', rest]];
    this.closeQuietly();
    return ['error', 'timeout'];
  }
}
