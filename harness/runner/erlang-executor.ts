/** Runs actor steps in the reference driver (real Erlang gen_tcp). */
import { DriverClient, DriverGone, DriverTimeout, wrapAtoms } from '../driver/client.js';
import type { ActorOpName } from '../scenario/ops.js';
import { ErlMap, List, Named, Ref, isTagged, type Term } from '../vocabulary/term.js';
import { formatTerm } from '../term/json.js';
import { fillLength } from './resolve.js';
import { HarnessFault, type ExecResult, type Executor, type ExecutorEvents, type KernelEnv } from './executor.js';
import type { Outcome } from '../vocabulary/trace.js';

const CONTROL_BUDGET_MS = 10_000;

export class ErlangExecutor implements Executor {
  private readonly onEvent = (runId: number, e: Term): void => {
    if (runId !== this.runId) return;
    const actor = Array.isArray(e) && Buffer.isBuffer(e[1]) ? e[1].toString() : undefined;
    if (isTagged(e, 'msg', 4) && actor !== undefined) this.events.message(actor, usToMs(e[2]!), e[3]!);
    else if (isTagged(e, 'exit', 4) && actor !== undefined) this.events.exit(actor, usToMs(e[2]!), e[3]!);
    else if (isTagged(e, 'run_crashed', 2)) this.events.fault(`the driver's run coordinator crashed: ${String(e[1])}`);
  };
  private readonly onGone = (reason: string): void => this.events.fault(`the reference driver went away: ${reason}`);

  private constructor(
    private readonly driver: DriverClient,
    private readonly runId: number,
    private readonly events: ExecutorEvents,
  ) {}

  static async start(driver: DriverClient, runId: number, events: ExecutorEvents, kernelEnv: KernelEnv = []): Promise<ErlangExecutor> {
    const ex = new ErlangExecutor(driver, runId, events);
    driver.on('event', ex.onEvent);
    driver.on('gone', ex.onGone);
    expectOk(await ex.control(['run_start', runId], 'start a run'), 'start a run');
    for (const [key, value] of kernelEnv) expectOk(await ex.control(['kernel_env', runId, wrapAtoms(key), toWire(value)], `set kernel ${key}`), `set kernel ${key}`);
    return ex;
  }

  async spawn(actor: string): Promise<Term> {
    const r = await this.control(['spawn', this.runId, Buffer.from(actor)], `spawn actor ${actor}`);
    if (isTagged(r, 'ok', 2)) return r[1]!;
    throw new HarnessFault(`spawn actor ${actor}: ${formatTerm(r)}`);
  }

  async exec(actor: string, op: ActorOpName, args: Term[], as: string | undefined, budgetMs: number, what: string): Promise<ExecResult> {
    const opts = new ErlMap(as === undefined ? [] : [['as', Buffer.from(as)]]);
    const req: Term = ['exec', this.runId, Buffer.from(actor), Buffer.from(op), new List(args.map(toWire)), opts];
    let r: Term;
    try {
      r = await this.driver.request(req, what, budgetMs);
    } catch (e) {
      if (e instanceof DriverTimeout) throw new HarnessFault(`${what} did not finish within its budget of ${budgetMs} ms`);
      if (e instanceof DriverGone) throw new HarnessFault(e.message);
      throw e;
    }
    if (!isTagged(r, 'done', 5)) throw new HarnessFault(`${what}: the driver answered ${formatTerm(r)}`);
    const [, res, t0, t1, binds] = r as [string, Term, number, number, Term];
    return {
      outcome: toOutcome(res),
      t0: usToMs(t0),
      t1: usToMs(t1),
      binds: binds instanceof List
        ? binds.items.map((b) => {
            const [name, raw, port] = b as [Buffer, Term, Term];
            return { name: name.toString(), raw, ...(typeof port === 'number' ? { port } : {}), ...(raw instanceof Ref ? { kind: 'ref' as const } : {}) };
          })
        : [],
    };
  }

  async kill(actor: string, reason: Term): Promise<void> {
    expectOk(await this.control(['kill', this.runId, Buffer.from(actor), wrapAtoms(reason)], `kill ${actor}`), `kill ${actor}`);
  }

  async stop(): Promise<void> {
    try {
      if (this.driver.alive) await this.control(['run_stop', this.runId], 'stop the run');
    } finally {
      this.driver.off('event', this.onEvent);
      this.driver.off('gone', this.onGone);
    }
  }

  private async control(req: Term, what: string): Promise<Term> {
    try {
      return await this.driver.request(req, what, CONTROL_BUDGET_MS);
    } catch (e) {
      throw new HarnessFault((e as Error).message);
    }
  }
}

/** Scenario data to the wire: atoms marked for [safe] decoding, names as driver placeholders. */
function toWire(t: Term): Term {
  if (t instanceof Named) return [t.kind === 'sock' ? '$sock' : t.kind === 'ref' ? '$ref' : '$pid', Buffer.from(t.name)];
  if (typeof t === 'string') return wrapAtoms(t);
  if (Buffer.isBuffer(t)) {
    const n = fillLength(t);
    return n === undefined ? t : ['$fill', n];
  }
  if (Array.isArray(t)) return t.map(toWire);
  if (t instanceof List) return new List(t.items.map(toWire), t.tail === null ? null : toWire(t.tail));
  return t;
}

function toOutcome(r: Term): Outcome {
  if (isTagged(r, 'return', 2)) return { kind: 'return', value: r[1]! };
  if (isTagged(r, 'raise', 3)) return { kind: 'raise', class: String(r[1]), reason: r[2]! };
  if (isTagged(r, 'exited', 2)) return { kind: 'exited', reason: r[1]! };
  throw new HarnessFault(`unexpected step result from the driver: ${formatTerm(r)}`);
}

function expectOk(r: Term, what: string): void {
  if (r !== 'ok') throw new HarnessFault(`${what}: the driver answered ${formatTerm(r)}`);
}

function usToMs(us: Term): number {
  return typeof us === 'number' ? Math.round(us / 100) / 10 : 0;
}
