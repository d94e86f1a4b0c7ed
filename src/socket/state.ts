/**
 * Where a connected socket stands: one state machine in four parts, the
 * socket's life, the read half, the write half and who was told the read half
 * is over. The parts move only through the events of TRANSITIONS (an event a
 * part has no row for leaves it as it is), so every combination the socket
 * code meets is one these rows can reach.
 */
import type { Posix, Reason } from '../erlang/reasons.js';

/** How the peer ended its side: a FIN, an RST, or another error. */
export type PeerEnd = 'fin' | 'reset' | { error: Posix };

/**
 * The socket: open; ended (inet: the connection is gone but the port stays,
 * and the next recv and send each learn it once); closing (closed to callers,
 * queued output still draining); closed.
 */
export type Life = 'open' | 'ended' | 'closing' | 'closed';
/** The read half: open; closed by the peer (`peer` says how); shut here by shutdown(read). */
export type Input = 'open' | 'peer_closed' | 'shut';
/** The write half: open; shut here by shutdown(write); failed (a send failed: `sendFailure` says why). */
export type Output = 'open' | 'shut' | 'failed';
/** Who learnt the read half is over: nobody, a recv, the owner (tcp_closed, or a notice that none will come), or both. */
export type Told = 'nobody' | 'recv' | 'owner' | 'both';

export type StreamEvent =
  | { type: 'peer_closed'; how: PeerEnd }
  | { type: 'shutdown_read' }
  | { type: 'shutdown_write' }
  | { type: 'send_failed'; reason: Reason; reset: boolean }
  | { type: 'told_recv' }
  | { type: 'told_owner' }
  /** inet: the connection is over; `recv` and `send` are the errors the next recv and send get once. */
  | { type: 'connection_ended'; recv?: Reason; send?: Reason }
  /** inet: the next recv of an ended connection gets `reason` once. */
  | { type: 'delay_recv'; reason: Reason }
  /** close/1, the owner's exit, or the socket closing itself. */
  | { type: 'close' }
  /** The same, with queued output still to go out (inet): closed to callers until drained. */
  | { type: 'close_draining' }
  | { type: 'drained' };

type Rows<S extends string> = Partial<Record<S, S>>;
interface Row {
  life?: Rows<Life>;
  input?: Rows<Input>;
  output?: Rows<Output>;
  told?: Rows<Told>;
}

/** from -> to, per event and part. */
export const TRANSITIONS: Record<StreamEvent['type'], Row> = {
  peer_closed: { input: { open: 'peer_closed' } },
  shutdown_read: { input: { open: 'shut', peer_closed: 'shut' } },
  // A failed send's reason stays for later sends; a second shutdown(write) sees the shut half.
  shutdown_write: { output: { open: 'shut', failed: 'shut' } },
  // A send already under way may still fail after shutdown(write): the write half stays shut.
  send_failed: { output: { open: 'failed' } },
  told_recv: { told: { nobody: 'recv', owner: 'both' } },
  told_owner: { told: { nobody: 'owner', recv: 'both' } },
  connection_ended: { life: { open: 'ended' } },
  delay_recv: { life: { ended: 'ended' } },
  close: { life: { open: 'closed', ended: 'closed' } },
  close_draining: { life: { open: 'closing', ended: 'closed' } },
  drained: { life: { closing: 'closed' } },
};

export class StreamState {
  private parts: { life: Life; input: Input; output: Output; told: Told } = { life: 'open', input: 'open', output: 'open', told: 'nobody' };
  /** The peer's first end, kept whatever the read half did before it. */
  private peerEnd: PeerEnd | undefined;
  private failure: { reason: Reason; reset: boolean } | undefined;
  /** The ended connection's errors still to tell, once each. */
  private delayed: { recv?: Reason; send?: Reason } = {};

  get life(): Life {
    return this.parts.life;
  }
  get input(): Input {
    return this.parts.input;
  }
  get output(): Output {
    return this.parts.output;
  }
  get told(): Told {
    return this.parts.told;
  }
  get peer(): PeerEnd | undefined {
    return this.peerEnd;
  }
  /** The last failed send's reason, and whether any failed send met a reset. */
  get sendFailure(): { reason: Reason; reset: boolean } | undefined {
    return this.failure;
  }

  /** Applies an event; returns whether a part moved. Data an event carries is kept as its row allows. */
  fire(e: StreamEvent): boolean {
    const row = TRANSITIONS[e.type];
    const before = { ...this.parts };
    const p = this.parts;
    p.life = row.life?.[p.life] ?? p.life;
    p.input = row.input?.[p.input] ?? p.input;
    p.output = row.output?.[p.output] ?? p.output;
    p.told = row.told?.[p.told] ?? p.told;
    const moved = p.life !== before.life || p.input !== before.input || p.output !== before.output || p.told !== before.told;
    switch (e.type) {
      case 'peer_closed':
        this.peerEnd ??= e.how;
        break;
      case 'send_failed':
        this.failure = { reason: e.reason, reset: e.reset || (this.failure?.reset ?? false) };
        break;
      case 'connection_ended':
        if (moved) this.delayed = { ...(e.recv !== undefined ? { recv: e.recv } : {}), ...(e.send !== undefined ? { send: e.send } : {}) };
        break;
      case 'delay_recv':
        if (p.life === 'ended') this.delayed.recv = e.reason;
        break;
    }
    return moved;
  }

  /** The ended connection's error for the next recv (or send), told once. */
  takeDelayed(call: 'recv' | 'send'): Reason | undefined {
    const r = this.delayed[call];
    delete this.delayed[call];
    return r;
  }

  /** Closed to callers (closing or closed). */
  get closed(): boolean {
    return this.parts.life === 'closing' || this.parts.life === 'closed';
  }
  /** A recv learnt the end of the read half. */
  get toldRecv(): boolean {
    return this.parts.told === 'recv' || this.parts.told === 'both';
  }
  /** The owner got tcp_closed (or never will). */
  get toldOwner(): boolean {
    return this.parts.told === 'owner' || this.parts.told === 'both';
  }
  /** Nothing more will be read: the peer or shutdown(read) ended the read half, or the connection is over. */
  get inputOver(): boolean {
    return this.parts.input !== 'open' || this.parts.life !== 'open';
  }

  /**
   * One name for the whole: closed, closing or ended; else the halves that
   * are not open (peer_closed, reset or peer_error; read_shut; write_shut or
   * send_failed) joined by '+', or open.
   */
  get name(): string {
    const { life, input, output } = this.parts;
    if (life !== 'open') return life;
    const parts: string[] = [];
    if (input === 'shut') parts.push('read_shut');
    else if (input === 'peer_closed') parts.push(this.peerEnd === 'fin' ? 'peer_closed' : this.peerEnd === 'reset' ? 'reset' : 'peer_error');
    if (output === 'shut') parts.push('write_shut');
    else if (output === 'failed') parts.push('send_failed');
    return parts.length ? parts.join('+') : 'open';
  }
}
