/**
 * Reads what repro.escript or repro.mjs printed back into a normalised trace,
 * through the harness's own normalise(), so it compares with traceLines
 * exactly as a recorded case does.
 *
 * The printed form, one JSON object a line:
 *   {"repro":"gentcp","impl":"erlang"|"ts","scenario":..,"backend":..,"otp":..,"otpVersion":..,"durationMs":..}
 *   {"spawned":"client","pid":Term}                        an actor's process
 *   {"bind":"L","sock":Term,"port":40123,"actor":"server"} a socket a step named
 *   {"bindRef":"M","ref":Term,"actor":"client"} a monitor reference a step named
 *   {"path":"P","file":"/tmp/…"}                           where a {path, P} placeholder went
 *   {"step":3,"status":"done"|"pending"|"error","result":R,"error":..,"t0":..,"t1":..}
 *   {"msg":Term,"actor":"client","t":12.5}                 a socket message an actor received
 *   {"exit":"client","reason":Term,"t":30.1}               an actor exited
 *   {"error":"..."}                                        the run itself failed
 * Terms are in the harness's JSON form (harness/term/json.ts), raw: R is a term,
 * {"raise":Class,"reason":Term} or {"exited":Term}. Erlang's sockets, pids and refs
 * are {"rawsock":..}, {"rawpid":..}, {"rawref":..} (their printed text) and become
 * raw terms here; gentcp's sockets are {'$gentcp_socket', Id} as in the harness. The
 * spawned and bind lines become the trace's pids and sockets, so normalise() names
 * everything as it names a recorded trace (S?n / P?n for what no step named).
 */
import { normalise, type NormTrace } from '../compare/normalise.js';
import { actorOf } from '../scenario/schema.js';
import type { Scenario } from '../scenario/schema.js';
import type { Outcome, Side, StepRecord, Trace } from '../vocabulary/trace.js';
import { fromJson } from '../term/json.js';
import { Pid, Port, Ref, type Term } from '../vocabulary/term.js';

export interface PrintedHeader {
  repro: 'gentcp';
  impl: 'erlang' | 'ts';
  scenario: string;
  backend: string;
  otp: string;
  otpVersion: string;
  durationMs?: number;
}

export class ReproOutputError extends Error {}

/** Parses printed JSON lines into the raw trace they describe. */
export function readPrintedRawTrace(output: string | readonly string[], scenario: Scenario): Trace {
  const raws = new Map<string, Term>();
  const raw = (kind: 'sock' | 'pid' | 'ref', text: string): Term => {
    const key = `${kind}:${text}`;
    let t = raws.get(key);
    if (t === undefined) {
      const n = raws.size + 1;
      t = kind === 'sock' ? new Port('repro', BigInt(n), 0) : kind === 'pid' ? new Pid('repro', n, 0, 0) : new Ref('repro', [n], 0);
      raws.set(key, t);
    }
    return t;
  };
  const term = (j: unknown, where: string): Term =>
    fromJson(
      j,
      (o) => {
        const keys = Object.keys(o);
        if (keys.length !== 1 || typeof o[keys[0]!] !== 'string') return undefined;
        if ('rawsock' in o) return raw('sock', o.rawsock as string);
        if ('rawpid' in o) return raw('pid', o.rawpid as string);
        if ('rawref' in o) return raw('ref', o.rawref as string);
        return undefined;
      },
      where,
    );

  let header: PrintedHeader | undefined;
  const paths: Array<{ name: string; path: string }> = [];
  const steps: StepRecord[] = [];
  const trace: Omit<Trace, 'info'> = { steps, messages: [], exits: [], sockets: [], pids: [], errors: [] };
  const side = (actor: unknown): Side => actorOf(scenario, String(actor))?.side ?? 'subject';
  // Only JSON objects: anything else (a warning a runtime printed) is not part of the trace.
  const lines = (typeof output === 'string' ? output.split('\n') : output).filter((l) => l.trimStart().startsWith('{'));
  for (const [n, line] of lines.entries()) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new ReproOutputError(`line ${n + 1} is not JSON: ${line.slice(0, 120)}`);
    }
    const where = `line ${n + 1}`;
    if ('repro' in o) header = o as unknown as PrintedHeader;
    else if ('step' in o) {
      const index = Number(o.step);
      const step = scenario.steps[index];
      if (!step) throw new ReproOutputError(`${where}: the scenario has no step ${index}`);
      const rec: StepRecord = { index, op: step.op, call: `${step.op}(…)`, status: o.status as StepRecord['status'] };
      if (step.id !== undefined) rec.id = step.id;
      if ('actor' in step) Object.assign(rec, { actor: step.actor, side: actorOf(scenario, step.actor)?.side });
      if ('result' in o) rec.outcome = outcome(o.result, (j) => term(j, `${where}.result`));
      if (typeof o.t0 === 'number') rec.t0 = o.t0;
      if (typeof o.t1 === 'number') rec.t1 = o.t1;
      if (typeof o.error === 'string') rec.error = o.error;
      steps.push(rec);
    } else if ('msg' in o) trace.messages.push({ actor: String(o.actor), t: Number(o.t ?? 0), msg: term(o.msg, `${where}.msg`) });
    else if ('exit' in o) trace.exits.push({ actor: String(o.exit), t: Number(o.t ?? 0), reason: term(o.reason, `${where}.reason`) });
    else if ('spawned' in o) trace.pids.push({ name: String(o.spawned), raw: term(o.pid, `${where}.pid`) });
    else if ('bindRef' in o) (trace.refs ??= []).push({ name: String(o.bindRef), raw: term(o.ref, `${where}.ref`) });
    else if ('bind' in o)
      trace.sockets.push({ name: String(o.bind), side: side(o.actor), raw: term(o.sock, `${where}.sock`), ...(typeof o.port === 'number' ? { port: o.port } : {}) });
    else if ('path' in o) paths.push({ name: String(o.path), path: String(o.file) });
    else if ('error' in o) trace.errors.push(String(o.error));
    else throw new ReproOutputError(`${where}: not a line of a repro trace: ${line.slice(0, 120)}`);
  }
  if (!header) throw new ReproOutputError('no {"repro":"gentcp",...} header line: is this the output of repro.escript or repro.mjs?');
  if (header.scenario !== scenario.id) throw new ReproOutputError(`the output is of scenario ${header.scenario}, not ${scenario.id}`);
  steps.sort((a, b) => a.index - b.index);
  // Where each {path, Name} went, so normalise names it as in a recorded trace.
  if (paths.length) Object.assign(trace, { paths });
  return {
    info: {
      scenario: header.scenario,
      subject: `${header.impl}:${header.backend}`,
      provider: header.impl === 'erlang' ? 'repro.escript' : 'repro.mjs',
      otp: header.otp,
      otpVersion: header.otpVersion,
      startedAt: new Date().toISOString(),
      durationMs: header.durationMs ?? 0,
    },
    ...trace,
  };
}

function outcome(r: unknown, term: (j: unknown) => Term): Outcome {
  if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
    const o = r as Record<string, unknown>;
    if ('raise' in o && 'reason' in o) return { kind: 'raise', class: String(o.raise), reason: term(o.reason) };
    if ('exited' in o) return { kind: 'exited', reason: term(o.exited) };
  }
  return { kind: 'return', value: term(r) };
}

/** A script's printed output as a normalised trace, comparable with traceLines like a recorded one. */
export function readPrintedTrace(output: string | readonly string[], scenario: Scenario): NormTrace {
  return normalise(readPrintedRawTrace(output, scenario), scenario);
}
