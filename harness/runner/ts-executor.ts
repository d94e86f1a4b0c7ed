/**
 * The executor for ts:* and module:* subjects: each actor is a process of the
 * library and each step the gen_tcp or inet call with the same arguments; results
 * and messages come back as Erlang terms, so the traces compare one to one with
 * real Erlang's. The library is a parameter: the installed gentcp, or a user's
 * module meeting the contract in subject-library.ts.
 *
 * The steps themselves are ./standalone/steps.mjs, which a repro bundle copies
 * and runs on gentcp alone: one copy for both, here with the harness's terms.
 */
import { performance } from 'node:perf_hooks';
import { decode_packet, defaultOtp } from 'gentcp';
import { decodeResultToTerm, httpPacketToTerm } from 'gentcp/testing';
import { Actors, UnknownOp, type TermModel, type TermView } from './standalone/steps.mjs';
import { gentcpLibrary, type SubjectLibrary } from './subject-library.js';
import { ACTOR_OPS, type ActorOpName } from '../scenario/ops.js';
import { ErlMap, Float, List, Named, type Term } from '../vocabulary/term.js';
import { HarnessFault, Unsupported, type ExecResult, type Executor, type ExecutorFactory } from './executor.js';

/** The harness's terms (term.ts) as the steps read and make them. */
const harnessTerms: TermModel = {
  view: (x): TermView => {
    const t = x as Term;
    if (typeof t === 'string') return { atom: t };
    if (typeof t === 'number' || typeof t === 'bigint') return { int: t };
    if (t instanceof Float) return { float: t.value };
    if (Buffer.isBuffer(t)) return { binary: t };
    if (Array.isArray(t)) return { tuple: t };
    if (t instanceof List) return { list: t.items, tail: t.tail };
    if (t instanceof ErlMap) return { map: t.entries };
    if (t instanceof Named && t.kind !== 'port') return t.kind === 'sock' ? { sock: t.name } : t.kind === 'ref' ? { ref: t.name } : { pid: t.name };
    return { other: t };
  },
  binary: (b) => b,
  list: (items, tail) => new List(items as Term[], (tail ?? null) as Term | null),
  float: (x) => new Float(x),
  bigint: (n) => n,
  map: (entries) => new ErlMap(entries as Array<[Term, Term]>),
  pid: (actor) => new Named('pid', actor),
};

/** Executors running the library (by default the installed gentcp) with the given OTP release's behaviour. */
export const tsExecutorFactory = (otp: string, lib: SubjectLibrary | (() => Promise<SubjectLibrary>) = gentcpLibrary()): ExecutorFactory => async (run) => {
  const l = typeof lib === 'function' ? await lib() : lib;
  const actors = new Actors(l, { decode_packet, defaultOtp, httpPacketToTerm, decodeResultToTerm }, harnessTerms, run.events, run.clock);
  try {
    actors.setKernelEnv([...(run.kernelEnv ?? [])]);
  } catch (e) {
    throw e instanceof UnknownOp ? new Unsupported(e.message) : e;
  }
  return new TsExecutor(actors, (fn) => l.withEmulatedOtp(otp, fn), run.side === 'peer');
};

/** Runs a piece of the case's work, and everything it starts, emulating the case's release. */
type InRelease = <T>(fn: () => T) => T;

class TsExecutor implements Executor {
  // Cases against different releases share this process: each call is scoped to its own.
  constructor(
    private readonly actors: Actors,
    private readonly inRelease: InRelease,
    /** It runs the peer side (no reference node): the peer's helpers are its to run. */
    private readonly peerSide = false,
  ) {}

  async spawn(actor: string): Promise<Term> {
    return this.inRelease(() => this.actors.spawn(actor)) as Term;
  }

  exec(actor: string, op: ActorOpName, args: Term[], as: string | undefined, budgetMs: number, what: string): Promise<ExecResult> {
    if (!this.actors.has(actor)) return Promise.reject(new HarnessFault(`${what}: no actor ${actor}`));
    // The peer's helpers run on real Erlang only: a ts subject runs the subject side.
    if ('peerOnly' in ACTOR_OPS[op] && !this.peerSide) return Promise.reject(new Unsupported(`${op} is a peer-only step; ts subjects run the subject side only`));
    const run = this.inRelease(() => this.actors.exec(actor, op, args, as)).catch((e: unknown) => {
      throw e instanceof UnknownOp ? new Unsupported(e.message) : e;
    });
    return withBudget(run as Promise<ExecResult>, budgetMs, what);
  }

  async kill(actor: string, reason: Term): Promise<void> {
    this.inRelease(() => this.actors.kill(actor, reason));
  }

  async stop(): Promise<void> {
    this.actors.stop();
  }
}

function withBudget<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const start = performance.now();
    const timer = setTimeout(() => reject(new HarnessFault(`${what} did not finish within its budget of ${ms} ms (${Math.round(performance.now() - start)} ms)`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
