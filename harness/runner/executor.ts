/** Where actor steps run: the Erlang driver, or the TypeScript library. */
import type { ActorOpName } from '../scenario/ops.js';
import type { Term } from '../vocabulary/term.js';
import type { Outcome, Side } from '../vocabulary/trace.js';

export interface ExecResult {
  outcome: Outcome;
  t0: number;
  t1: number;
  /** Sockets (or a monitor's reference: kind ref) named by this step (`as`), with their raw terms and local ports. */
  binds: Array<{ name: string; raw: Term; port?: number; kind?: 'ref' }>;
}

export interface ExecutorEvents {
  message(actor: string, t: number, msg: Term): void;
  exit(actor: string, t: number, reason: Term): void;
  /** The executor itself failed (e.g. the driver crashed mid-run). */
  fault(message: string): void;
}

export interface Executor {
  /** Starts an actor process on this executor. Returns its raw pid. */
  spawn(actor: string): Promise<Term>;
  /** Runs one call in an actor. Rejects (with a message naming the step) when the budget runs out. */
  exec(actor: string, op: ActorOpName, args: Term[], as: string | undefined, budgetMs: number, what: string): Promise<ExecResult>;
  /** exit(Pid, Reason) from outside. */
  kill(actor: string, reason: Term): Promise<void>;
  /** Ends the run: every actor dies and its sockets close. */
  stop(): Promise<void>;
}

export interface ExecutorFactory {
  (run: { runId: number; side: Side; events: ExecutorEvents; clock: () => number; kernelEnv?: KernelEnv }): Promise<Executor>;
}

/** The kernel application's environment a run sets (its scenario's `kernel`), key by key. */
export type KernelEnv = ReadonlyArray<[string, Term]>;

/** A scenario needs something this subject does not offer. */
export class Unsupported extends Error {}

/** A step took longer than its budget, or the executor broke. */
export class HarnessFault extends Error {}
