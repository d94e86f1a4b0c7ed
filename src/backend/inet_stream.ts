/**
 * A connected socket of the inet backend: a port of inet_drv. The driver
 * writes what the kernel takes and queues the rest; when the connection ends
 * the port stays, and the next recv and the next send each learn it once
 * (TCP_ADDF_DELAYED_CLOSE_*), then say enotconn.
 */
import type { Posix, Reason, Result } from '../erlang/reasons.js';
import type { Process } from '../process/process.js';
import { callerBound } from '../socket/base.js';
import type { RefusedFrame } from '../socket/framing.js';
import { StreamSocket, type SendResult } from '../socket/stream.js';

export class InetStream extends StreamSocket {
  protected readonly concurrentRecv = 'ealready';
  protected readonly recvLengthLimit = 64 * 1024 * 1024;
  protected readonly longLine = 'split';
  protected readonly closeDrainMs = 5000;
  protected override readonly activeRecvBeforeEnd = true;

  /** {header, N}: a packet shorter than N comes as a plain list. */
  protected headerAsList(length: number): boolean {
    return length < this.opts.header;
  }

  /** The connection is over; the port stays with delayed errors for the next recv and send. */
  private endConnection(recv: Reason | undefined, send: Reason | undefined): void {
    if (!this.state.fire({ type: 'connection_ended', ...(recv !== undefined ? { recv } : {}), ...(send !== undefined ? { send } : {}) })) return;
    this.transport.destroy();
  }

  /** A packet over packet_size: the driver drops the connection (active: the socket closes), keeping the port. */
  protected packetRefused(f: RefusedFrame, active: boolean): void {
    if (!active) {
      this.state.fire({ type: 'told_recv' });
      this.endConnection(undefined, undefined);
      return;
    }
    this.state.fire({ type: 'told_recv' });
    this.state.fire({ type: 'told_owner' });
    this.owner.deliver(['tcp_closed', this]);
    // {exit_on_close,false}: the port stays open for sending (inet_drv tcp_recv_error); otherwise it exits with the error.
    if (this.opts.exit_on_close) this.closeQuietly(f.reason);
  }

  /** recv repeats closed while the connection stands, then enotconn. */
  protected afterEnd(): Reason {
    return this.state.life === 'open' ? 'closed' : 'enotconn';
  }

  /** The driver closes the descriptor: the next send gets {error, closed} once, unless the reset was shown. */
  protected inputEnded(reason: Reason): Reason {
    if (this.state.input === 'shut') {
      // shutdown(read) ended the read side; with exit_on_close the connection goes too.
      if (this.opts.exit_on_close) this.endConnection(undefined, 'closed');
      return 'closed';
    }
    if (this.opts.exit_on_close || this.state.peer !== 'fin') this.endConnection(undefined, reason === 'closed' ? 'closed' : undefined);
    return reason;
  }

  protected endToldToOwner(): void {
    if (this.opts.exit_on_close) this.closeQuietly();
    else this.state.fire({ type: 'delay_recv', reason: 'closed' });
  }

  /** A write the kernel refused after send had returned (the background send). */
  protected override onWriteError(code: Posix): void {
    if (this.state.life !== 'open') return;
    // The blocked (or next) sender learns the end once too, then enotconn.
    const reason: Reason = code === 'econnreset' && this.opts.show_econnreset ? 'econnreset' : 'closed';
    this.endConnection(reason, reason);
    this.pump();
  }

  /** A background send meets the peer's reset as it comes, before an activation can read. */
  protected override failedBeforeRead(): boolean {
    const e = this.transport.backgroundSendError();
    if (e === undefined) return false;
    this.onWriteError(e);
    return true;
  }

  /** Activating a socket whose connection ended still tells the owner. */
  protected override activatedAfterEnd(): void {
    if (this.opts.active !== false && !this.state.toldOwner) this.tellClosed();
  }

  /**
   * {deliver, port}: the driver answers the recv in port form, {S, {data, Packet}}, which
   * lands in the caller's mailbox; prim_inet never matches it, so the recv waits for ever.
   */
  protected override recvPassive(caller: Process, length: number, timeout: number | 'infinity'): Promise<Result<unknown>> {
    if (this.opts.deliver !== 'port') return super.recvPassive(caller, length, timeout);
    void super.recvPassive(caller, length, 'infinity').then((r) => {
      if (r[0] === 'ok') caller.deliver([this, ['data', r[1]]]);
    });
    return callerBound<Result<unknown>>(caller, () => () => undefined);
  }

  /** A second shutdown(write). */
  protected shutdownWriteAgain(): Reason {
    return 'enotconn';
  }

  /**
   * The driver writes what the kernel takes at once and queues the rest; a
   * sender waits only while the queue is over high_watermark. A write the kernel
   * refuses fails the send there and then.
   */
  protected transmit(caller: Process, bytes: Buffer): SendResult | Promise<SendResult> {
    // Answered at once unless the queue is over high_watermark (no promise of its own then).
    if (this.transport.netQueued() > this.opts.high_watermark) return this.sendBusy(caller, bytes);
    return this.write(bytes);
  }

  private async sendBusy(caller: Process, bytes: Buffer): Promise<SendResult> {
    const ok = await this.waitQueue(caller, () => this.transport.netQueued() < this.opts.low_watermark, this.opts.send_timeout);
    if (this.state.life !== 'open') return this.blockedEnd(caller, bytes);
    if (!ok) {
      // The data is queued all the same; only the caller stops waiting.
      if (this.opts.send_timeout_close) return this.sendTimedOut();
      this.transport.write(bytes);
      return ['error', 'timeout'];
    }
    return this.write(bytes);
  }

  /** A sender blocked on the queue when the connection ended: the end's reason, as inet_drv replies to its busy caller. */
  private blockedEnd(caller: Process, bytes: Buffer): SendResult | Promise<SendResult> {
    const delayed = this.state.takeDelayed('send');
    if (delayed !== undefined) return ['error', delayed];
    const peer = this.state.peer;
    if (peer !== undefined) return ['error', peer === 'reset' && this.opts.show_econnreset ? 'econnreset' : 'closed'];
    return this.send(caller, bytes);
  }

  private write(bytes: Buffer): SendResult {
    const code = this.transport.send(bytes, this.opts.delay_send);
    return code === undefined ? 'ok' : this.sendFailed(code);
  }

  /** A send the kernel refused ends the connection; the next recv learns why, once. */
  private sendFailed(code: string): ['error', Reason] {
    const reason: Reason = code === 'ECONNRESET' && this.opts.show_econnreset ? 'econnreset' : 'closed';
    this.endConnection(reason, undefined);
    if (this.opts.active !== false) this.pump();
    return ['error', reason];
  }

  /** send_timeout_close: the connection ends (enotconn from then on); 29 tells an active owner. */
  private sendTimedOut(): ['error', Reason] {
    if (this.profile.sendTimeoutCloseNotifies && this.opts.active !== false && !this.state.toldOwner) {
      this.state.fire({ type: 'told_owner' });
      this.owner.deliver(['tcp_closed', this]);
    }
    this.endConnection(undefined, undefined);
    return ['error', 'timeout'];
  }
}
