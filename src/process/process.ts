/**
 * A minimal Erlang process model: an id, a mailbox with selective receive,
 * and an exit that takes the process's resources (its sockets) with it.
 * The current process follows async calls through AsyncLocalStorage, so
 * `self()` inside a spawned function is that process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Pid } from './pid.js';
import { atNextTurn, sliceOver } from './scheduler.js';
import type { SocketMessage } from '../socket/messages.js';

export type Message = unknown;

/** Thrown into a process's pending waits when it exits, so its async body unwinds. */
export class ProcessExited extends Error {
  constructor(
    readonly pid: Pid,
    readonly reason: unknown,
  ) {
    super(`process ${pid} exited: ${String(reason)}`);
  }
}

/** Observes a process like erlang:trace(Pid, true, ['receive']) (the harness records traces with it). */
export interface ProcessTracer {
  /** A message arrived (before any receive takes it). */
  message?(msg: Message): void;
  /** The process ended with `reason`. */
  exit?(reason: unknown): void;
}

/** A receive waiting for a match: its promise's own resolve and reject (exit rejects it), nothing else. */
interface Waiter {
  match: (m: Message) => boolean;
  resolve: (m: Message | undefined) => void;
  reject: (e: ProcessExited) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Something a process owns that must end with it (a socket, a pending call). */
export interface Owned {
  ownerExited(reason: unknown): void;
}

let nextId = 80;
const registry = new Map<number, Process>();
const current = new AsyncLocalStorage<Process>();
let root: Process | undefined;

export class Process {
  readonly pid = new Pid(nextId++);
  /** The mailbox: queue[qHead..] (taking the oldest moves a head, never the rest of a long queue). */
  private queue: Message[] = [];
  private qHead = 0;
  private waiters: Waiter[] = [];
  private tracers = new Set<ProcessTracer>();
  private readonly owned = new Set<Owned>();
  private readonly cancels = new Set<(e: ProcessExited) => void>();
  private _alive = true;
  private _exitReason: unknown;

  constructor() {
    registry.set(this.pid.id, this);
  }

  get alive(): boolean {
    return this._alive;
  }
  get exitReason(): unknown {
    return this._exitReason;
  }

  /** Pid ! Msg */
  deliver(msg: Message): void {
    if (!this._alive) return;
    if (this.tracers.size > 0) for (const t of this.tracers) t.message?.(msg);
    const waiters = this.waiters;
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i]!;
      if (!w.match(msg)) continue;
      if (i === 0) waiters.shift();
      else waiters.splice(i, 1);
      if (w.timer) clearTimeout(w.timer);
      // The message is the waiter's now; only its process's turn may wait (two processes messaging each other never wait otherwise).
      if (sliceOver()) atNextTurn(() => w.resolve(msg));
      else w.resolve(msg);
      return;
    }
    this.queue.push(msg);
  }

  /** Selective receive: the first queued message `match` accepts, or undefined after `timeoutMs`. */
  receive(match: (m: Message) => boolean = () => true, timeoutMs?: number): Promise<Message | undefined> {
    if (!this._alive) return Promise.reject(new ProcessExited(this.pid, this._exitReason));
    const q = this.queue;
    for (let i = this.qHead; i < q.length; i++) if (match(q[i])) return this.answer(this.takeAt(i));
    if (timeoutMs === 0) return this.answer(undefined);
    return new Promise((resolve, reject) => {
      const w: Waiter = { match, resolve, reject, timer: undefined };
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs))
        w.timer = setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          resolve(undefined);
        }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** A receive answered at once: now, or at the next turn when this slice is over (src/process/scheduler.ts). */
  private answer(m: Message | undefined): Promise<Message | undefined> {
    if (!sliceOver()) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const off = this.onExit(reject);
      atNextTurn(() => {
        off();
        resolve(m);
      });
    });
  }

  /** Removes the queued message at index i (qHead <= i < queue.length). */
  private takeAt(i: number): Message {
    const q = this.queue;
    const m = q[i];
    if (i !== this.qHead) {
      q.splice(i, 1);
      return m;
    }
    q[i] = undefined;
    this.qHead++;
    if (this.qHead === q.length) {
      q.length = 0;
      this.qHead = 0;
    } else if (this.qHead >= 1024 && this.qHead * 2 >= q.length) {
      q.splice(0, this.qHead);
      this.qHead = 0;
    }
    return m;
  }

  /** The queue from its head: the taken slots before qHead dropped. */
  private live(): Message[] {
    if (this.qHead > 0) {
      this.queue.splice(0, this.qHead);
      this.qHead = 0;
    }
    return this.queue;
  }

  /** Messages in the queue, oldest first (process_info(Pid, messages)). */
  messages(): readonly Message[] {
    return this.live();
  }

  /** Removes and returns the queued messages `match` accepts, keeping the order of the rest. */
  takeMessages(match: (m: Message) => boolean): Message[] {
    const q = this.live();
    const taken = q.filter(match);
    this.queue = q.filter((m) => !match(m));
    return taken;
  }

  /** Takes `r` into the process's resources: it ends when the process does. */
  own(r: Owned): void {
    this.owned.add(r);
  }
  /** Lets `r` go (closed, or given to another process). */
  disown(r: Owned): void {
    this.owned.delete(r);
  }

  /** Registers a pending call that must end (rejected) if this process exits first. */
  onExit(cancel: (e: ProcessExited) => void): () => void {
    this.cancels.add(cancel);
    return () => void this.cancels.delete(cancel);
  }

  /** Starts tracing the process; returns the function that stops it. */
  trace(t: ProcessTracer): () => void {
    this.tracers.add(t);
    return () => void this.tracers.delete(t);
  }

  /** The process ends with `reason`: its resources close and its pending waits are abandoned. */
  terminate(reason: unknown): void {
    if (!this._alive) return;
    this._alive = false;
    this._exitReason = reason;
    registry.delete(this.pid.id);
    const waiting = this.waiters;
    for (const w of waiting) if (w.timer) clearTimeout(w.timer);
    this.waiters = [];
    this.queue = [];
    this.qHead = 0;
    if (waiting.length > 0 || this.cancels.size > 0) {
      // Made only when a pending receive or call needs it (an Error captures a stack).
      const e = new ProcessExited(this.pid, reason);
      for (const w of waiting) w.reject(e);
      for (const c of [...this.cancels]) c(e);
      this.cancels.clear();
    }
    for (const r of [...this.owned]) r.ownerExited(reason);
    this.owned.clear();
    for (const t of this.tracers) t.exit?.(reason);
  }

  /** Runs `fn` with this process as self(). */
  run<T>(fn: () => T): T {
    return current.run(this, fn);
  }
}

/** The Process for a pid, if it is alive. */
export function lookup(pid: Pid): Process | undefined {
  return registry.get(pid.id);
}

/** self() */
export function currentProcess(): Process {
  const p = current.getStore();
  if (p) return p;
  // Code outside any spawned process runs as one long-lived root process, like the shell's.
  if (!root || !root.alive) root = new Process();
  return root;
}

/** erlang:self/0 */
export function self(): Pid {
  return currentProcess().pid;
}

/** erlang:spawn/1: runs `fn` as a new process; it exits normally when `fn` returns, with the error when it throws. */
export function spawn(fn: () => unknown): Pid {
  const p = new Process();
  queueMicrotask(() => {
    if (!p.alive) return;
    p.run(async () => {
      try {
        await fn();
        p.terminate('normal');
      } catch (e) {
        if (e instanceof ProcessExited && e.pid === p.pid) return;
        p.terminate(['error', e instanceof Error ? e.message : e]);
      }
    });
  });
  return p.pid;
}

/** erlang:send/2 (Pid ! Msg); a message to a dead process is dropped, as in Erlang. */
export function send(pid: Pid, msg: Message): Message {
  lookup(pid)?.deliver(msg);
  return msg;
}

/** erlang:exit/2: kill is untrappable; normal does nothing to another process. */
export function exit(pid: Pid, reason: unknown): true {
  const p = lookup(pid);
  if (!p) return true;
  if (reason === 'normal' && p !== current.getStore()) return true;
  p.terminate(reason === 'kill' ? 'killed' : reason);
  return true;
}

/** erlang:is_process_alive/1 */
export function is_process_alive(pid: Pid): boolean {
  return lookup(pid)?.alive ?? false;
}

/**
 * receive: the first message in the current process's mailbox that `match`
 * accepts (any, by default); resolves undefined after `timeoutMs` ms (no
 * timeout when omitted). With a type guard the message has the guard's type.
 * Otherwise it is typed as M: by default the messages a socket sends
 * (SocketMessage, to narrow on m[0]); a process that is sent messages of its
 * own names them, e.g. `receive<SocketMessage | ['go', Pid]>()`, or passes
 * a guard such as isSocketMessage.
 */
export function receive<T>(match: (m: unknown) => m is T, timeoutMs?: number): Promise<T | undefined>;
export function receive<M = SocketMessage>(match?: (m: unknown) => boolean, timeoutMs?: number): Promise<M | undefined>;
export function receive(match?: (m: Message) => boolean, timeoutMs?: number): Promise<Message | undefined> {
  return currentProcess().receive(match, timeoutMs);
}

/**
 * The current process's mailbox as an async iterator, each message taken as
 * receive takes it: `for await (const msg of mailbox()) …`. Typed as receive is.
 */
export function mailbox<T>(match: (m: unknown) => m is T): AsyncGenerator<T, void, undefined>;
export function mailbox<M = SocketMessage>(match?: (m: unknown) => boolean): AsyncGenerator<M, void, undefined>;
export async function* mailbox(match?: (m: Message) => boolean): AsyncGenerator<Message, void, undefined> {
  const p = currentProcess();
  for (;;) yield await p.receive(match);
}
