/** What listen and stream sockets share: an owner process, options, a profile and the backend's module. */
import type { TcpModule } from '../backend/module.js';
import type { Profile } from '../profile/profiles.js';
import type { SocketOptions } from '../options/types.js';
import { ProcessExited, type Owned, type Process } from '../process/process.js';
import { atNextTurn, sliceOver } from '../process/scheduler.js';
import type { Data } from './data.js';
import { socketDown } from './monitors.js';

let nextId = 1;

/** Only the type checker sees it: what a socket delivers. */
declare const data: unique symbol;

/**
 * A gen_tcp socket, listening or connected (a port in Erlang). D is the data
 * it delivers: `Buffer`, `string` (list mode), an `HttpPacket`, or any {@link Data}
 * where the options are not known; connect, listen and accept infer it from the
 * option list. A socket prints as Erlang shows it: `#Port<0.5>` (inet backend),
 * `#Socket<0.5>` (socket backend, whose sockets Erlang shows as a
 * `{'$inet', gen_tcp_socket, {Pid, {'$socket', Ref}}}` tuple).
 */
export interface Socket<D = Data> {
  /** The number in the socket's printed name. */
  readonly id: number;
  /**
   * The data the socket delivers, for the type checker (no value at run time).
   * @hidden
   */
  readonly [data]: D;
}

export abstract class GenSocket<D = Data> implements Owned, Socket<D> {
  declare readonly [data]: D;
  readonly id = nextId++;

  constructor(
    public owner: Process,
    public opts: SocketOptions,
    readonly profile: Profile,
    /**
     * The backend's module (inet_tcp or gen_tcp_socket) that gen_tcp and inet hand the socket's calls to.
     * @internal
     */
    readonly module: TcpModule,
  ) {
    owner.own(this);
  }

  abstract readonly kind: 'listen' | 'stream';
  /** Closed to callers. */
  abstract readonly closed: boolean;

  /** Why the socket went, when not by close/1: its owner's exit reason, or the error it closed on (a port's monitors see it). */
  protected exitReason: unknown;

  /** The owner died: the socket closes with it, as a port closes with its connected process. */
  ownerExited(reason: unknown): void {
    this.exitReason ??= reason;
    this.closeNow();
  }

  /** The socket is gone: its monitors get their DOWN (inet:monitor/1). */
  protected wentDown(): void {
    socketDown(this, this.module.downReason(this.exitReason));
  }

  /** Closes at once, with nobody waiting for an answer. */
  abstract closeNow(): void;

  /** Makes `p` the owner (controlling_process). */
  setOwner(p: Process): void {
    this.owner.disown(this);
    this.owner = p;
    p.own(this);
  }

  /** As Erlang prints it: inet's sockets are ports; the socket backend's get a name of their own. */
  toString(): string {
    return `#${this.module.printName}<0.${this.id}>`;
  }

  /** console.log and util.inspect show the name, not the socket's internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Runs a blocking call on behalf of `caller`; if the caller dies first the call is dropped. */
export function callerBound<T>(caller: Process, start: (settle: (v: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let cancel: () => void = () => undefined;
    const off = caller.onExit((e: ProcessExited) => {
      if (done) return;
      done = true;
      cancel();
      reject(e);
    });
    cancel = start((v) => {
      if (done) return;
      done = true;
      off();
      resolve(v);
    });
  });
}

/**
 * A call answered at once: now, or at the next turn of the event loop when the
 * slice is over (src/process/scheduler.ts), so a process that always finds data
 * waiting cannot keep every other socket from being read.
 */
export function answerNow<T>(caller: Process, r: T): Promise<T> {
  if (!sliceOver()) return Promise.resolve(r);
  return callerBound<T>(caller, (settle) => {
    atNextTurn(() => settle(r));
    return () => undefined;
  });
}
