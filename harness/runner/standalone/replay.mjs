#!/usr/bin/env node
// @ts-check
/**
 * A repro bundle's replay on gentcp, with no harness (the bundle carries this file as repro.mjs):
 *     node repro.mjs [inet|socket]
 * Every actor is a gentcp process: subject sockets on the backend given (default the case's),
 * peer sockets on the scenario's peer backend, and gentcp emulates the case's OTP release. The
 * steps run on steps.mjs, the harness's own ts executor, in the order and with the budgets of the
 * bundle's replay.json (harness/repro/plan.ts wrote them from harness/scenario/budgets.ts), and the
 * run is printed as JSON lines, terms raw with the binds that name them (harness/repro/read.ts).
 *
 * GENTCP_MODULE says which gentcp: its package name (the default, which a project with gentcp
 * installed resolves) or the path of its entry, a build's dist/index.js or a checkout's
 * src/index.ts (then run node --import tsx). gentcp/testing is taken from beside it.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Actors } from './steps.mjs';

/**
 * replay.json, as harness/repro/plan.ts writes it: the scenario with what the harness's runner works
 * out written in, so this replay keeps no constant and no table of ops of its own.
 * @typedef {object} Plan
 * @property {string} scenario
 * @property {string} otp the OTP release of the case (gentcp emulates it)
 * @property {Backend} erlangBackend the default backend of subject sockets in repro.escript (the reference's)
 * @property {Backend} tsBackend and in repro.mjs (the subject's)
 * @property {Backend} peerBackend
 * @property {Record<string, Term>} [kernel] the kernel's default socket options for the run
 * @property {number} budgetMs the scenario's
 * @property {number} settleMs how long the run keeps recording after its last step
 * @property {string} fillPattern the bytes a {fill, N} repeats
 * @property {Array<{ name: string, side: Side, start: 'run' | 'spawn' }>} actors
 * @property {string[]} paths the {path, Name} placeholders the steps use
 * @property {PlanStep[]} steps
 */
/**
 * A step: one the runner makes itself, or an actor's call.
 * @typedef {{ op: 'spawn', actor: string } | { op: 'kill', actor: string, reason: TermIn } | { op: 'wait', ms: number }
 *   | { op: 'await', actor: string, until: UntilCond, timeout: number, since: 'start' | 'last' }
 *   | { op: 'join', ids: string[], timeout: number } | PlanCall} PlanStep
 */
/**
 * An actor's call.
 * @typedef {object} PlanCall
 * @property {import('../../scenario/ops.js').ActorOpName} op
 * @property {string} actor
 * @property {Side} side
 * @property {TermIn[]} args
 * @property {string} [as] the name an {ok, Socket} result binds
 * @property {number} [budgetMs] how long the call may take; a nowait call has none (join waits for it)
 * @property {string} [nowait] the id a join names a nowait call by
 * @property {number} [backendAt] the argument that is listen/connect's options: {inet_backend, B} goes first in it
 */
/**
 * @typedef {import('../../scenario/schema.js').TermIn} TermIn
 * @typedef {import('../../scenario/schema.js').UntilCond} UntilCond
 * @typedef {import('../../scenario/schema.js').Backend} Backend
 * @typedef {import('../../vocabulary/trace.js').Side} Side
 * @typedef {import('./steps.mjs').Term} Term
 * @typedef {import('./steps.mjs').Outcome} Outcome
 * @typedef {{ status: 'pending' | 'done' | 'error', t0?: number, t1?: number, outcome?: Outcome, error?: string }} StepRecord
 */

const spec = process.env.GENTCP_MODULE || 'gentcp';
const isPath = (/** @type {string} */ s) => s.startsWith('.') || path.isAbsolute(s);
const url = (/** @type {string} */ s) => (isPath(s) ? pathToFileURL(path.resolve(s)).href : s);
/** @type {typeof import('gentcp')} */
const gentcp = await import(url(spec));
/** @type {typeof import('gentcp/testing')} */
const testing = await import(url(isPath(spec) ? path.join(path.dirname(spec), `testing${path.extname(spec)}`) : `${spec}/testing`));

/** @type {Plan} */
const plan = JSON.parse(readFileSync(new URL('./replay.json', import.meta.url), 'utf8'));
const backend = process.argv[2] ?? plan.tsBackend;
if (backend !== 'inet' && backend !== 'socket') {
  process.stderr.write('usage: node repro.mjs [inet|socket]\n');
  process.exit(2);
}

/** @param {unknown} x @returns {x is Record<string, any>} */
const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x) && !Buffer.isBuffer(x);
const isByte = (/** @type {unknown} */ x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255;

/**
 * Terms in the harness's JSON form (harness/term/json.ts), as replay.json has them and as they
 * are printed; a fill is a Buffer until it is sent.
 * @type {import('./steps.mjs').TermModel}
 */
const json = {
  view: (t) => {
    if (t === true || t === false) return { atom: String(t) };
    if (t === null) return { atom: 'undefined' };
    if (typeof t === 'string') return { atom: t };
    if (typeof t === 'number') return Number.isInteger(t) ? { int: t } : { float: t };
    if (Buffer.isBuffer(t)) return { binary: t };
    if (Array.isArray(t)) return { tuple: t };
    if (isObj(t)) {
      if ('list' in t) return { list: t.list, tail: 'tail' in t ? (t.tail ?? 'undefined') : null };
      if ('str' in t) return { list: [...Buffer.from(t.str, 'latin1')], tail: null };
      if ('bin' in t) return { binary: Buffer.from(t.bin, 'latin1') };
      if ('float' in t) return { float: t.float };
      if ('int' in t) return { int: BigInt(t.int) };
      if ('sock' in t) return { sock: t.sock };
      if ('ref' in t) return { ref: t.ref };
      if ('pid' in t) return { pid: t.pid };
      if ('map' in t && Array.isArray(t.map)) return { map: t.map };
    }
    return { other: t };
  },
  binary: (b) => ({ bin: b.toString('latin1') }),
  list: (items, tail) => {
    if (tail !== undefined) return { list: items, tail };
    return items.length > 0 && items.every(isByte) ? { str: Buffer.from(/** @type {number[]} */ (items)).toString('latin1') } : { list: items };
  },
  float: (x) => ({ float: x }),
  bigint: (n) => ({ int: String(n) }),
  map: (entries) => ({ map: entries }),
  pid: (actor) => ({ pid: actor }),
};

const base = performance.now();
const clock = () => Math.round((performance.now() - base) * 10) / 10;
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @type {Map<number, StepRecord>} */
const steps = new Map();
/** @type {Array<{ actor: string, t: number, msg: Term }>} */
const messages = [];
/** @type {Array<{ actor: string, t: number, reason: Term }>} */
const exits = [];
/** @type {string[]} */
const errors = [];
/** @type {Array<{ name: string, pid: Term }>} */
const spawned = [];
/** @type {Array<{ name: string, raw: Term, port?: number, kind?: 'ref', actor: string }>} */
const binds = [];
/** Named sockets by their library id (the last name bound wins), port numbers by the first name bound to them. */
const sockNames = new Map();
/** Monitor references by their library id. */
const refNames = new Map();
const portNames = new Map();
/** @type {Map<string, number>} */
const ports = new Map();
/** @type {Map<string, number>} */
const cursors = new Map();
/** @type {Set<() => void>} */
const wakers = new Set();
const wake = () => [...wakers].forEach((w) => w());
let closed = false;

const actors = new Actors(
  { ...gentcp, testing },
  { ...gentcp, ...testing },
  json,
  {
    message: (actor, t, msg) => void (closed || (messages.push({ actor, t, msg }), wake())),
    exit: (actor, t, reason) => void (closed || (exits.push({ actor, t, reason }), wake())),
  },
  clock,
);

/** A per-run unix socket path. */
const sockPath = (/** @type {string} */ name) => `${process.env.TMPDIR || '/tmp'}/gentcp-repro-${process.pid}-${Math.round(performance.timeOrigin)}-${name}.sock`;

/** A step's argument with its placeholders filled in: a fill's bytes, a path, a port number. */
function resolve(/** @type {Term} */ t, /** @type {number} */ i) {
  /** @returns {Term} */
  const r = (/** @type {Term} */ x) => {
    if (Array.isArray(x)) return x.map(r);
    if (!isObj(x)) return x;
    if ('fill' in x) return Buffer.alloc(x.fill, plan.fillPattern, 'latin1');
    if ('path' in x) return ['local', { bin: sockPath(x.path) }];
    if ('portOf' in x) {
      const p = ports.get(x.portOf);
      if (p === undefined) throw new Error(`steps[${i}]: socket ${x.portOf} has no port (its step did not return {ok, Socket})`);
      return p;
    }
    if ('list' in x) return 'tail' in x ? { list: x.list.map(r), tail: r(x.tail) } : { list: x.list.map(r) };
    if ('map' in x) return { map: x.map.map((/** @type {Term[]} */ kv) => kv.map(r)) };
    return x;
  };
  return r(t);
}

/** Listen and connect options get {inet_backend, B} first, as the harness gives them (only a proper list). */
function withBackend(/** @type {Term[]} */ args, /** @type {PlanCall} */ step) {
  if (step.backendAt === undefined) return args;
  const v = json.view(args[step.backendAt]);
  if (!('list' in v) || v.tail !== null) return args;
  const out = [...args];
  out[step.backendAt] = { list: [['inet_backend', step.side === 'subject' ? backend : plan.peerBackend], ...v.list] };
  return out;
}

/** The names of the sockets a term refers to. */
function sockRefs(/** @type {Term} */ t) {
  /** @type {string[]} */
  const out = [];
  const walk = (/** @type {Term} */ x) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isObj(x)) {
      if ('sock' in x) out.push(x.sock);
      else if ('ref' in x) out.push(x.ref);
      else if ('list' in x) [...x.list, ...('tail' in x ? [x.tail] : [])].forEach(walk);
    }
  };
  walk(t);
  return out;
}

/** @param {number} i @param {PlanCall} step @param {StepRecord} rec */
async function call(i, step, rec) {
  // A socket no step of this run bound (its call failed here): the step cannot be made.
  const unbound = step.args.flatMap(sockRefs).find((n) => !binds.some((b) => b.name === n));
  if (unbound !== undefined) {
    const t = clock();
    return void Object.assign(rec, { status: 'done', outcome: { kind: 'return', value: ['$gentcp_unbound_socket', unbound] }, t0: t, t1: t });
  }
  const run = actors.exec(step.actor, step.op, withBackend(step.args.map((a) => resolve(a, i)), step), step.as);
  const r = step.budgetMs === undefined ? await run : await withBudget(run, step.budgetMs, `step ${i} (${step.actor}: ${step.op})`);
  for (const b of r.binds) {
    binds.push({ ...b, actor: step.actor });
    if (b.kind === 'ref') {
      refNames.set(/** @type {unknown[]} */ (b.raw)[1], b.name);
      continue;
    }
    sockNames.set(/** @type {unknown[]} */ (b.raw)[1], b.name);
    if (b.port !== undefined) {
      ports.set(b.name, b.port);
      if (!portNames.has(b.port)) portNames.set(b.port, b.name);
    }
  }
  // A call still running when the run ended stays pending: what stopping the run did to it is not its result.
  if (closed) return;
  Object.assign(rec, { status: 'done', outcome: r.outcome, t0: r.t0, t1: r.t1 });
  wake();
}

/** @template T @param {Promise<T>} p @param {number} ms @param {string} what @returns {Promise<T>} */
function withBudget(p, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within its budget of ${ms} ms`)), ms)));
  return /** @type {Promise<T>} */ (Promise.race([p, late]).finally(() => clearTimeout(timer)));
}

/** An await: ok once the actor received messages that satisfy `until`, counted from its previous await (or the start), or ({exited}) once it has exited; else timeout. */
function until(/** @type {Extract<PlanStep, { op: 'await' }>} */ step) {
  const { actor, until: cond, timeout } = step;
  const from = step.since === 'start' ? 0 : (cursors.get(actor) ?? 0);
  const pattern = 'message' in cond ? cond.message : undefined;
  // Looks at each message once, as the harness's recorder does.
  let seen = 0;
  let scanned = 0;
  let bytes = 0;
  /** @param {Term} named @param {number} nth */
  const satisfies = (named, nth) => {
    if ('count' in cond) return nth + 1 >= cond.count;
    if ('bytes' in cond) {
      if (Array.isArray(named) && named[0] === 'tcp' && isObj(named[1]) && named[1].sock === cond.socket) {
        const d = json.view(named[2]);
        bytes += 'binary' in d ? d.binary.length : 'list' in d ? d.list.length : 0;
      }
      return bytes >= cond.bytes;
    }
    return match(pattern, named);
  };
  return new Promise((done) => {
    const finish = (/** @type {'ok' | 'timeout'} */ r) => {
      clearTimeout(timer);
      wakers.delete(check);
      done(r);
    };
    const check = () => {
      if ('exited' in cond) return exits.some((e) => e.actor === actor) ? finish('ok') : closed ? finish('timeout') : undefined;
      for (; scanned < messages.length; scanned++) {
        const m = messages[scanned];
        if (m.actor !== actor) continue;
        // The step that names this socket has not answered yet: look again when it has.
        if (hasUnnamedSocket(m.msg)) break;
        const index = seen++;
        if (index < from) continue;
        if (satisfies(name(m.msg), index - from)) {
          cursors.set(actor, index + 1);
          return finish('ok');
        }
      }
      if (closed) finish('timeout');
    };
    const timer = setTimeout(() => finish('timeout'), timeout);
    wakers.add(check);
    check();
  });
}

/** A library socket before naming: {'$gentcp_socket', Id}. */
const isRawSocket = (/** @type {Term} */ t) => Array.isArray(t) && t.length === 2 && t[0] === '$gentcp_socket';

/** A library reference before naming: {'$gentcp_ref', Id}. */
const isRawRef = (/** @type {Term} */ t) => Array.isArray(t) && t.length === 2 && t[0] === '$gentcp_ref';

/** The term with sockets, monitor references and the port numbers of {Ip, Port} by name (actors' pids come named). */
function name(/** @type {Term} */ t) {
  /** @returns {Term} */
  const n = (/** @type {Term} */ x) => {
    if (isRawSocket(x)) {
      const s = sockNames.get(/** @type {unknown[]} */ (x)[1]);
      return s === undefined ? x : { sock: s };
    }
    if (isRawRef(x)) {
      const r = refNames.get(/** @type {unknown[]} */ (x)[1]);
      return r === undefined ? x : { ref: r };
    }
    if (Array.isArray(x)) {
      const [ip, port] = x;
      if (x.length === 2 && typeof port === 'number' && Array.isArray(ip) && (ip.length === 4 || ip.length === 8) && ip.every((y) => typeof y === 'number'))
        return [ip, { portOf: portNames.get(port) ?? '?' }];
      return x.map(n);
    }
    if (isObj(x) && 'list' in x) return 'tail' in x ? { list: x.list.map(n), tail: n(x.tail) } : { list: x.list.map(n) };
    if (isObj(x) && 'map' in x) return { map: x.map.map((/** @type {Term[]} */ kv) => kv.map(n)) };
    return x;
  };
  return n(t);
}

function hasUnnamedSocket(/** @type {Term} */ t) {
  /** @returns {boolean} */
  const has = (/** @type {Term} */ x) => {
    if (isRawSocket(x)) return !sockNames.has(/** @type {unknown[]} */ (x)[1]);
    if (Array.isArray(x)) return x.some(has);
    if (isObj(x) && 'list' in x) return x.list.some(has);
    return false;
  };
  return has(t);
}

/** Erlang-style match on named terms: the atom '_' matches anything. @returns {boolean} */
function match(/** @type {Term} */ p, /** @type {Term} */ t) {
  const a = json.view(p);
  const b = json.view(t);
  if ('atom' in a && a.atom === '_') return true;
  if ('tuple' in a) return 'tuple' in b && a.tuple.length === b.tuple.length && a.tuple.every((x, k) => match(x, b.tuple[k]));
  if ('list' in a) {
    if (!('list' in b) || a.list.length !== b.list.length || !a.list.every((x, k) => match(x, b.list[k]))) return false;
    return a.tail === null ? b.tail === null : b.tail !== null && match(a.tail, b.tail);
  }
  const key = (/** @type {import('./steps.mjs').TermView} */ v) =>
    'binary' in v ? `b:${v.binary.toString('hex')}` : 'int' in v ? `i:${v.int}` : JSON.stringify(v);
  return key(a) === key(b);
}

/** @type {Map<string, Promise<void>>} nowait calls by id, for join */
const nowait = new Map();
const spawn = (/** @type {string} */ actor) => spawned.push({ name: actor, pid: actors.spawn(actor) });

/**
 * The result of a step the runner makes itself, never an actor.
 * @param {Exclude<PlanStep, PlanCall>} step @returns {Promise<Term>}
 */
async function runnerStep(step) {
  if (step.op === 'spawn') spawn(step.actor);
  else if (step.op === 'kill') actors.kill(step.actor, step.reason);
  else if (step.op === 'wait') await sleep(step.ms);
  else if (step.op === 'await') return until(step);
  else {
    const left = new Set(step.ids);
    await Promise.race([Promise.all(step.ids.map((id) => nowait.get(id)?.then(() => left.delete(id)))), sleep(step.timeout)]);
    return left.size === 0 ? 'ok' : ['pending', { list: step.ids.filter((id) => left.has(id)) }];
  }
  return 'ok';
}

/** Each step in order, as the harness's runner takes them; the first that fails ends the run. */
async function replay() {
  const budgetEnd = base + plan.budgetMs;
  actors.setKernelEnv(Object.entries(plan.kernel ?? {}));
  for (const a of plan.actors) if (a.start === 'run') spawn(a.name);
  for (const [i, step] of plan.steps.entries()) {
    if (performance.now() > budgetEnd) {
      errors.push(`the scenario ran past its budget of ${plan.budgetMs} ms before step ${i}`);
      break;
    }
    /** @type {StepRecord} */
    const rec = { status: 'pending', t0: clock() };
    steps.set(i, rec);
    try {
      if (!('args' in step)) {
        const value = await runnerStep(step);
        Object.assign(rec, { status: 'done', outcome: { kind: 'return', value }, t1: clock() });
      } else if (step.nowait === undefined) await call(i, step, rec);
      else {
        const failed = (/** @type {Error} */ e) => void (closed || Object.assign(rec, { status: 'error', error: e.message }));
        nowait.set(step.nowait, call(i, step, rec).catch(failed));
      }
    } catch (e) {
      const message = /** @type {Error} */ (e).message;
      Object.assign(rec, { status: 'error', error: message });
      errors.push(message);
      break;
    }
  }
  await sleep(plan.settleMs);
  closed = true;
  wake();
  actors.stop();
  for (const p of plan.paths) rmSync(sockPath(p), { force: true });
}

/** The run as JSON lines (harness/repro/read.ts reads them). */
function traceText() {
  /** @type {string[]} */
  const text = [];
  const out = (/** @type {object} */ o) => text.push(`${JSON.stringify(o)}\n`);
  const otpVersion = `gentcp emulating OTP ${gentcp.defaultOtp()}`;
  out({ repro: 'gentcp', impl: 'ts', scenario: plan.scenario, backend, otp: plan.otp, otpVersion, durationMs: Math.round(clock()) });
  for (const s of spawned) out({ spawned: s.name, pid: s.pid });
  for (const b of binds) out(b.kind === 'ref' ? { bindRef: b.name, ref: b.raw, actor: b.actor } : { bind: b.name, sock: b.raw, port: b.port ?? 'undefined', actor: b.actor });
  for (const p of plan.paths) out({ path: p, file: sockPath(p) });
  for (const [i, r] of [...steps].sort(([a], [b]) => a - b)) {
    const o = r.outcome;
    const result = o === undefined ? {} : { result: o.kind === 'return' ? o.value : o.kind === 'raise' ? { raise: o.class, reason: o.reason } : { exited: o.reason } };
    out({ step: i, status: r.status, ...result, ...(r.error === undefined ? {} : { error: r.error }), t0: r.t0, t1: r.t1 });
  }
  for (const m of messages) out({ msg: m.msg, actor: m.actor, t: m.t });
  for (const e of exits) out({ exit: e.actor, reason: e.reason, t: e.t });
  for (const e of errors) out({ error: e });
  return text.join('');
}

gentcp.setEmulatedOtp(/** @type {import('gentcp').OtpRelease} */ (plan.otp));
await replay();
// One write, and exit once it is out: stdout may be a pipe, and a socket no step bound may hold the loop.
process.stdout.write(traceText(), () => process.exit(0));
