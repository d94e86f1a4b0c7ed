/** Runs one scenario against one subject and records its trace. */
import { performance } from 'node:perf_hooks';
import { Names } from '../compare/naming.js';
import type { DriverClient } from '../driver/client.js';
import { DEFAULT_SCENARIO_BUDGET_MS, DEFAULT_SETTLE_MS, DEFAULT_STEP_BUDGET_MS, timeoutBudget } from '../scenario/budgets.js';
import { ACTOR_OPS, argTimeout, isActorOp, makesRef, makesSocket, type ActorOp } from '../scenario/ops.js';
import { actorOf } from '../scenario/schema.js';
import type { ActorStep, Scenario, Step, TermIn } from '../scenario/schema.js';
import { fromJson, formatTerm } from '../term/json.js';
import { List, type Term } from '../vocabulary/term.js';
import { ErlangExecutor } from './erlang-executor.js';
import { HarnessFault, Unsupported, type ExecResult, type Executor, type ExecutorEvents, type ExecutorFactory, type KernelEnv } from './executor.js';
import { Recorder } from './recorder.js';
import { displayArg, resolveArg, socketPath } from './resolve.js';
import { rm } from 'node:fs/promises';
import { parseSubject, type Subject } from '../vocabulary/subject.js';
import { loadModuleLibrary } from './subject-library.js';
import { tsExecutorFactory } from './ts-executor.js';
import { nodeExecutorFactory } from './node-executor.js';
import { native } from 'gentcp';

/** Whether ts subjects run on the native addon or the pure-TypeScript fallback. */
export function tsVariant(): 'native' | 'fallback' {
  return native().variant;
}
import { UNBOUND, type Side, type StepRecord, type Trace } from '../vocabulary/trace.js';

export interface ReferenceInfo {
  provider: string;
  otp: string;
  version: string;
}

export interface RunContext {
  /** The reference node's driver; none for a recorded reference. */
  driver?: DriverClient;
  /**
   * A recorded reference (recorded:<N>): real Erlang's traces come from fixtures/traces, and the
   * peer side runs on the library (`peer`), so no Erlang runs at all.
   */
  recorded?: { otp: string; root?: string };
  /** Where the peer side runs when no reference node does (a recorded reference). */
  peer?: ExecutorFactory;
  reference: ReferenceInfo;
  /** Directory visible at the same path to this process and the reference node. */
  sharedDir: string;
  /** Builds the executor for ts:* subjects; absent until the library is wired in. */
  tsExecutor?: ExecutorFactory;
}


let nextRunId = 1;

/** The executor of a subject that does not run on the reference node. */
function subjectExecutor(subject: Subject, ctx: RunContext): ExecutorFactory {
  switch (subject.impl) {
    case 'module':
      return tsExecutorFactory(ctx.reference.otp, () => loadModuleLibrary(subject.module!));
    case 'node':
      return nodeExecutorFactory(subject.node!);
    default:
      if (!ctx.tsExecutor) throw new Unsupported('the TypeScript library is not wired into this harness build');
      return ctx.tsExecutor;
  }
}

/** Why a scenario does not apply to a subject, or undefined when it does. */
export function unsupportedReason(s: Scenario, subject: Subject, otp: string): string | undefined {
  if (s.only?.backends && !s.only.backends.includes(subject.backend)) return `applies only to the ${s.only.backends.join('/')} backend`;
  if (s.only?.otp && !(s.only.otp as string[]).includes(otp)) return `applies only to OTP ${s.only.otp.join('/')}`;
  return undefined;
}

export async function runScenario(s: Scenario, subjectName: string, ctx: RunContext): Promise<Trace> {
  const subject = parseSubject(subjectName);
  const runId = nextRunId++;
  const started = new Date();
  const base = performance.now();
  const clock = (): number => Math.round((performance.now() - base) * 10) / 10;
  const names = new Names();
  const recorder = new Recorder(names);
  const sockets: Trace['sockets'] = [];
  const pids: Trace['pids'] = [];
  const refs: NonNullable<Trace['refs']> = [];
  const ports = new Map<string, number>();
  const records: StepRecord[] = [];
  const errors: string[] = [];
  const nowait = new Map<string, Promise<void>>();
  const events: ExecutorEvents = {
    message: (a, t, m) => recorder.message(a, t, m),
    exit: (a, t, r) => recorder.exit(a, t, r),
    fault: (m) => recorder.fault(m),
  };

  const trace = (): Trace => ({
    info: {
      scenario: s.id,
      subject: subject.name,
      provider: ctx.reference.provider,
      otp: ctx.reference.otp,
      otpVersion: ctx.reference.version,
      startedAt: started.toISOString(),
      durationMs: Math.round(performance.now() - base),
      ...(subject.impl === 'ts' ? { variant: tsVariant() } : {}),
    },
    steps: records,
    messages: recorder.messages,
    exits: recorder.exits,
    sockets,
    pids,
    ...(refs.length ? { refs } : {}),
    paths: usedPaths(s).map((name) => ({ name, path: socketPath({ sharedDir: ctx.sharedDir, runId, portOf: () => undefined }, name) })),
    errors: [...errors, ...recorder.faults],
  });

  const reason = unsupportedReason(s, subject, ctx.reference.otp);
  if (reason) throw new Unsupported(reason);

  let finished = false;
  let erlang: ErlangExecutor | undefined;
  let ts: Executor | undefined;
  const executors = new Map<Side, Executor>();
  const bindings = { portOf: (n: string) => ports.get(n), sharedDir: ctx.sharedDir, runId };
  try {
    // The kernel's defaults apply on the reference node (peer sockets too) and in the subject alike.
    const kernelEnv: KernelEnv = Object.entries(s.kernel ?? {}).map(([k, v]) => [k, resolveArg(v, bindings, `kernel.${k}`)]);
    if (ctx.driver) {
      erlang = await ErlangExecutor.start(ctx.driver, runId, events, kernelEnv);
      executors.set('peer', erlang);
    } else {
      if (subject.impl === 'erlang' || subject.impl === 'node' || !ctx.peer) throw new Unsupported(`${subject.name} needs a live reference node: a recorded one runs no Erlang`);
      // The subject's executor sets the kernel defaults in the library both sides share.
      executors.set('peer', await ctx.peer({ runId, side: 'peer', events, clock }));
    }
    if (subject.impl === 'erlang') executors.set('subject', erlang!);
    else {
      ts = await subjectExecutor(subject, ctx)({ runId, side: 'subject', events, clock, kernelEnv });
      executors.set('subject', ts);
    }

    const sideOf = (actor: string): Side => actorOf(s, actor)!.side;
    const exOf = (actor: string): Executor => executors.get(sideOf(actor))!;
    const spawn = async (actor: string): Promise<void> => {
      const raw = await exOf(actor).spawn(actor);
      names.bindPid(actor, raw);
      pids.push({ name: actor, raw });
    };
    for (const [actor, a] of Object.entries(s.actors)) if ((a.start ?? 'run') === 'run') await spawn(actor);

    const budgetEnd = base + (s.budgetMs ?? DEFAULT_SCENARIO_BUDGET_MS);
    const bound = new Set<string>();

    const runActorStep = async (step: ActorStep, rec: StepRecord): Promise<void> => {
      const op = ACTOR_OPS[step.op] as ActorOp;
      const side = sideOf(step.actor);
      // A socket an earlier step of this run did not bind (its call failed here): the step cannot be
      // made, which is a difference to report (the judge calls it an error if the reference did this).
      const unbound = socketRefs(step.args).find((n) => !bound.has(n));
      if (unbound !== undefined) {
        Object.assign(rec, { status: 'done', outcome: { kind: 'return', value: [UNBOUND, unbound] }, t0: clock(), t1: clock() });
        return;
      }
      const backend = side === 'subject' ? subject.backend : (s.peerBackend ?? 'inet');
      const args = withBackend(step.args.map((a, k) => resolveArg(a, bindings, `steps[${rec.index}].args[${k}]`)), op, backend);
      const shown = withBackend(step.args.map(displayArg), op, backend);
      rec.call = `${step.op}(${shown.map((a) => formatTerm(a, { summariseOver: 64 })).join(', ')})`;
      const what = `step ${rec.index} (${step.actor}: ${rec.call})`;
      const budget = step.budgetMs ?? stepBudget(op, args);
      // Sockets a step does not name still get one, so messages about them stay readable.
      const as = step.as ?? (makesSocket(step.op) || makesRef(step.op) ? `${step.op}${rec.index}` : undefined);
      const r: ExecResult = await exOf(step.actor).exec(step.actor, step.op, args, as, step.nowait ? 24 * 3600_000 : budget, what);
      for (const b of r.binds) {
        bound.add(b.name);
        if (b.kind === 'ref') {
          names.bindRef(b.name, b.raw);
          refs.push({ name: b.name, raw: b.raw });
          continue;
        }
        names.bindSocket(b.name, b.raw, b.port);
        sockets.push({ name: b.name, side, raw: b.raw, ...(b.port !== undefined ? { port: b.port } : {}) });
        if (b.port !== undefined) ports.set(b.name, b.port);
      }
      // A call still running when the run ended stays pending: what stopping the run did to it is not its result.
      if (finished) return;
      Object.assign(rec, { status: 'done', outcome: r.outcome, t0: r.t0, t1: r.t1 });
      recorder.wake();
    };

    for (const [index, step] of s.steps.entries()) {
      if (recorder.faults.length) break;
      if (performance.now() > budgetEnd) {
        errors.push(`the scenario ran past its budget of ${s.budgetMs ?? DEFAULT_SCENARIO_BUDGET_MS} ms before step ${index}`);
        break;
      }
      const rec: StepRecord = { index, op: step.op, call: describe(step), status: 'pending', ...(step.id ? { id: step.id } : {}) };
      if ('actor' in step) Object.assign(rec, { actor: step.actor, side: sideOf(step.actor) });
      records.push(rec);
      const t0 = clock();
      const done = (value: Term): void => void Object.assign(rec, { status: 'done', outcome: { kind: 'return', value }, t0, t1: clock() });
      try {
        switch (step.op) {
          case 'spawn':
            await spawn(step.actor);
            done('ok');
            break;
          case 'kill':
            await exOf(step.actor).kill(step.actor, fromJson(step.reason));
            done('ok');
            break;
          case 'wait':
            await sleep(step.ms);
            done('ok');
            break;
          case 'await': {
            const pattern = 'message' in step.until ? fromJson(step.until.message) : undefined;
            done(await recorder.await(step.actor, step.until, pattern, step.timeout, step.since ?? 'last'));
            break;
          }
          case 'join': {
            const left = await joinSteps(step.ids, nowait, step.timeout ?? DEFAULT_STEP_BUDGET_MS);
            done(left.length === 0 ? 'ok' : ['pending', new List(left)]);
            break;
          }
          default: {
            if (!isActorOp(step.op)) throw new HarnessFault(`unknown op ${step.op}`);
            const p = runActorStep(step, rec);
            if (step.nowait) {
              const id = step.id!;
              nowait.set(
                id,
                p.catch((e: Error) => {
                  if (finished) return;
                  rec.status = 'error';
                  rec.error = e.message;
                }),
              );
            } else await p;
          }
        }
      } catch (e) {
        if (e instanceof Unsupported) throw e;
        rec.status = 'error';
        rec.error = (e as Error).message;
        errors.push((e as Error).message);
        break;
      }
    }
    await sleep(s.settleMs ?? DEFAULT_SETTLE_MS);
  } finally {
    finished = true;
    recorder.close();
    for (const p of usedPaths(s)) await rm(socketPath({ sharedDir: ctx.sharedDir, runId, portOf: () => undefined }, p), { force: true }).catch(() => undefined);
    const stops = [...new Set(executors.values())].map((e) =>
      e.stop().catch((err: Error) => {
        errors.push(`stopping the run: ${err.message}`);
      }),
    );
    if (!executors.size && erlang) stops.push(erlang.stop().catch(() => undefined));
    await Promise.all(stops);
  }
  return trace();
}

/** The {path, Name} placeholders a scenario uses (a repro bundle's replay.json lists them too). */
export function usedPaths(s: Scenario): string[] {
  const names = new Set<string>();
  const walk = (t: TermIn): void => {
    if (Array.isArray(t)) t.forEach(walk);
    else if (t !== null && typeof t === 'object') {
      if ('path' in t) names.add(t.path);
      else if ('list' in t) t.list.forEach(walk);
    }
  };
  for (const step of s.steps) if ('args' in step) step.args.forEach(walk);
  return [...names];
}

function socketRefs(args: TermIn[]): string[] {
  const out: string[] = [];
  const walk = (t: TermIn): void => {
    if (Array.isArray(t)) t.forEach(walk);
    else if (t !== null && typeof t === 'object') {
      if ('sock' in t) out.push(t.sock);
      else if ('ref' in t) out.push(t.ref);
      else if ('list' in t) {
        t.list.forEach(walk);
        if (t.tail !== undefined) walk(t.tail);
      }
    }
  };
  args.forEach(walk);
  return out;
}

/** Prepends {inet_backend, B} to listen/connect options, which is how a socket picks its backend. */
function withBackend(args: Term[], op: ActorOp, backend: string): Term[] {
  if (op.optsAt === undefined || op.socketAt !== undefined) return args;
  const opts = args[op.optsAt];
  if (!(opts instanceof List) || opts.tail !== null) return args;
  const out = [...args];
  out[op.optsAt] = new List([['inet_backend', backend], ...opts.items]);
  return out;
}

function stepBudget(op: ActorOp, args: Term[]): number {
  return timeoutBudget(argTimeout(op, args));
}

async function joinSteps(ids: string[], nowait: Map<string, Promise<void>>, timeoutMs: number): Promise<string[]> {
  const done = new Set<string>();
  await Promise.race([
    Promise.all(ids.map((id) => nowait.get(id)!.then(() => void done.add(id)))),
    sleep(timeoutMs),
  ]);
  return ids.filter((id) => !done.has(id));
}

function describe(step: Step): string {
  switch (step.op) {
    case 'spawn':
      return `spawn(${step.actor})`;
    case 'kill':
      return `exit(${step.actor}, ${formatTerm(fromJson(step.reason))})`;
    case 'wait':
      return `wait(${step.ms})`;
    case 'await':
      return `await(${step.actor}, ${JSON.stringify(step.until)}, ${step.timeout})`;
    case 'join':
      return `join([${step.ids.join(', ')}])`;
    default:
      return `${step.op}(…)`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
