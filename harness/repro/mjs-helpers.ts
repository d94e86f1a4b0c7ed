/**
 * The fixed part of every repro.mjs: actors as gentcp processes, message
 * observation, naming, await/join, the peer fault helpers, and the conversion
 * of gentcp's JS values to terms exactly as harness/runner/ts-executor.ts does
 * it. Only gentcp's public API is used.
 *
 * Written without template literals, so it can live in this template string.
 */
import { HTTP_HEADER_NAMES, HTTP_METHOD_NAMES } from 'gentcp/testing';

export const MJS_HELPERS = String.raw`
// ============================================================================
// Everything below is the same for every scenario: the harness's machinery
// (actors, message recording, naming, await/join), the peer's fault helpers,
// and gentcp's JS values as Erlang terms (as harness/runner/ts-executor.ts).
// ============================================================================

const UNBOUND = '$gentcp_unbound_socket';
const DEFAULT_STEP_BUDGET_MS = 5000;
const run = {
  base: performance.now(), steps: new Map(), messages: [], exits: [], errors: [],
  actors: new Map(), sockets: new Map(), ports: new Map(), sockNames: new Map(), portNames: new Map(), binds: [],
  nowait: new Map(), cursors: new Map(), wakers: new Set(), stopped: false, closed: false, budgetEnd: 0,
};
const now = () => Math.round((performance.now() - run.base) * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wake = () => { for (const w of [...run.wakers]) w(); };

class Unbound extends Error { constructor(name) { super('unbound socket ' + name); this.sock = name; } }
class Fault extends Error {}
/** A value gentcp has no JS shape for (a map, a tuple or an atom as send data): it refuses it as Erlang does. */
class NotIoData { constructor(term) { this.term = term; } }

// --- actors -------------------------------------------------------------------

/** A gentcp process that runs steps one at a time. A receive that never matches sees each message as it arrives
 *  (as erlang:trace 'receive' does), and ends with the process, which gives its exit reason. */
function actor(name, side) {
  const a = { name, side, jobs: [], wakeLoop: null, exitReason: undefined, pid: undefined };
  run.actors.set(name, a);
  a.pid = spawn(async () => {
    receive((m) => { observe(a, m); return false; }).catch((e) => {
      a.exitReason = e instanceof ProcessExited ? e.reason : e;
      if (!run.closed) run.exits.push({ actor: name, t: now(), reason: term(a.exitReason) });
      wake();
    });
    for (;;) {
      while (a.jobs.length) await a.jobs.shift()();
      await new Promise((r) => (a.wakeLoop = r));
    }
  });
  return a;
}

function enqueue(a, job) {
  a.jobs.push(job);
  const w = a.wakeLoop;
  a.wakeLoop = null;
  if (w) w();
}

function observe(a, m) {
  if (run.closed || !isSocketMessage(m)) return;
  run.messages.push({ actor: a.name, t: now(), msg: messageTerm(m) });
  wake();
}

// --- placeholders -------------------------------------------------------------------

let argHook = null;
/** The socket a step bound with that name; a step naming an unbound socket is not made. */
function sock(name) {
  const s = run.sockets.get(name);
  if (!s) throw new Unbound(name);
  if (argHook) argHook.push(s);
  return s;
}
function pid(name) { const a = run.actors.get(name); return a ? a.pid : new Pid(-1); }
function portOf(name) {
  const p = run.ports.get(name);
  if (p === undefined) throw new Fault('socket ' + name + ' has no port');
  return p;
}
const bin = (latin1) => Buffer.from(latin1, 'latin1');
/** A binary of N bytes of the harness's fixed pattern (abc...xyz0123456789, repeated). */
function fill(n) {
  const alphabet = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789');
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = alphabet[i % alphabet.length];
  return out;
}
let pathKey;
/** A per-run unix socket path, as {local, Path}. */
function path(name) {
  pathKey ??= process.pid + '-' + Date.now();
  return ['local', Buffer.from((process.env.TMPDIR || '/tmp') + '/gentcp-repro-' + pathKey + '-' + name + '.sock')];
}
const notIoData = (j) => new NotIoData(canon(j));

/** send's data argument as ts-executor's iodata(): lists are iolists, a tuple or an atom is not data. */
const origins = new WeakMap();
function iodata(j) {
  const v = iodataValue(j);
  if (typeof v === 'object' && v !== null) origins.set(v, canon(j));
  return v;
}
function iodataValue(j) {
  if (isListJson(j)) {
    const { items, tail } = listJson(j);
    if (tail === undefined && items.length > 0 && items.every(isByte)) return Buffer.from(items).toString('latin1');
    const out = items.map(iodata);
    if (tail === undefined) return out;
    const t = isObj(tail) && ('bin' in tail || 'fill' in tail) ? canonBuffer(tail) : new NotIoData(canon(tail));
    return [...out, t];
  }
  if (isObj(j) && ('bin' in j || 'fill' in j)) return canonBuffer(j);
  if (typeof j === 'number') return j;
  return new NotIoData(canon(j));
}
/** A JSON object that is not an array (arrays have a fill method: 'fill' in [] is true). */
const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isByte = (x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255;
const isListJson = (j) => isObj(j) && ('list' in j || 'str' in j);
function listJson(j) {
  if ('str' in j) return { items: [...Buffer.from(j.str, 'latin1')], tail: undefined };
  return { items: j.list, tail: j.tail };
}
const canonBuffer = (j) => ('fill' in j ? fill(j.fill) : bin(j.bin));

/** A scenario term in the canonical JSON form traces use (placeholders resolved, names kept). */
function canon(j) {
  if (j === true || j === false) return String(j);
  if (j === null) return 'undefined';
  if (typeof j === 'string' || typeof j === 'number') return j;
  if (Array.isArray(j)) return j.map(canon);
  if (isListJson(j)) {
    const { items, tail } = listJson(j);
    if (tail === undefined && items.length > 0 && items.every(isByte)) return { str: Buffer.from(items).toString('latin1') };
    return tail === undefined ? { list: items.map(canon) } : { list: items.map(canon), tail: canon(tail) };
  }
  if ('fill' in j) return { bin: fill(j.fill).toString('latin1') };
  if ('path' in j) return ['local', { bin: path(j.path)[1].toString('latin1') }];
  if ('portOf' in j) return portOf(j.portOf);
  if ('map' in j) return { map: j.map.map(([k, v]) => [canon(k), canon(v)]) };
  return j;
}

// --- the peer's fault helpers and actor ops (as erlang/src/gentcp_actor.erl) ---------------

/** Sends each chunk in turn, sleeping delayMs between them. */
async function sendSplits(s, chunks, delayMs) {
  const list = typeof chunks === 'string' ? [...chunks].map((c) => c.charCodeAt(0)) : chunks;
  for (let i = 0; i < list.length; i++) {
    const r = await gen_tcp.send(s, list[i]);
    if (r !== 'ok') return r;
    if (i < list.length - 1) await sleep(delayMs);
  }
  return 'ok';
}
/** {linger,{true,0}} then close: the other side gets an RST. */
async function reset(s) {
  const r = inet.setopts(s, [['linger', [true, 0]]]);
  if (r !== 'ok') throw new ErlangError(['badmatch', r]);
  return gen_tcp.close(s);
}
/** shutdown(write): a FIN, while still reading. */
const halfClose = (s) => gen_tcp.shutdown(s, 'write');
/** {active,false} and never recv: the other side's sends back up. */
const stopReading = (s) => inet.setopts(s, [['active', false]]);
/** chunk-byte packets until send fails or max bytes went out. */
async function fillUp(s, chunk, max) {
  const c = Buffer.alloc(chunk, 'x');
  let sent = 0;
  for (;;) {
    if (sent >= max) return ['filled', sent, 'ok'];
    const r = await gen_tcp.send(s, c);
    if (r !== 'ok') return ['filled', sent, r];
    sent += chunk;
  }
}
async function sleepStep(ms) { await sleep(ms); return 'ok'; }
/** Every message in the actor's mailbox. */
async function flush() {
  const flushed = [];
  for (;;) {
    const m = await receive(() => true, 0);
    if (m === undefined) return { flushed };
    flushed.push(m);
  }
}
/** The first message in the actor's mailbox, or timeout. */
async function receiveAny(ms) {
  const m = await receive(() => true, ms);
  return m === undefined ? 'timeout' : { received: m };
}
/** The actor exits with reason (kill: killed); the step answers ok. */
function actorExit(reason) { exit(self(), reason); return 'ok'; }
/** erlang:decode_packet/3 on gentcp's decoder, with the BIF's argument checks (as ts-decode-packet.ts). */
function decodePacket(type, data, opts) {
  type = type === true || type === false ? String(type) : type === null ? 'undefined' : type;
  const o = isListJson(opts) ? listJson(opts) : undefined;
  const ok = (typeof type === 'string' || typeof type === 'number') && isObj(data) && ('bin' in data || 'fill' in data)
    && o !== undefined && o.tail === undefined
    && o.items.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'number');
  if (!ok) throw new ErlangError('badarg');
  const r = decode_packet(type, canonBuffer(data), o.items, { otp: Number(defaultOtp()) });
  return { decoded: r };
}

// --- steps ------------------------------------------------------------------------------

function begin(i, actorName) {
  if (run.stopped) return undefined;
  if (performance.now() > run.budgetEnd) {
    run.errors.push('the scenario ran past its budget before step ' + i);
    run.stopped = true;
    return undefined;
  }
  const rec = { index: i, status: 'pending', t0: now(), actor: actorName };
  run.steps.set(i, rec);
  return rec;
}
function end(rec, value) { Object.assign(rec, { status: 'done', result: value, t1: now() }); wake(); }
function fail(rec, why) { Object.assign(rec, { status: 'error', error: why }); run.errors.push(why); run.stopped = true; }

/** Runs one call in the actor and waits for it (at most budgetMs). */
async function step(i, actorName, op, fn, as, budgetMs = DEFAULT_STEP_BUDGET_MS) {
  const rec = begin(i, actorName);
  if (!rec) return;
  const done = start(rec, actorName, op, fn, as);
  let timer;
  const inTime = await Promise.race([done.then(() => true), new Promise((r) => (timer = setTimeout(() => r(false), budgetMs)))]);
  clearTimeout(timer);
  if (!inTime) fail(rec, 'step ' + i + ' (' + actorName + ': ' + op + ') did not finish within its budget of ' + budgetMs + ' ms');
}

/** Starts the call and goes on; join collects it. */
function nowait(i, id, actorName, op, fn, as) {
  const rec = begin(i, actorName);
  if (!rec) return;
  run.nowait.set(id, start(rec, actorName, op, fn, as));
}

function start(rec, actorName, op, fn, as) {
  const a = run.actors.get(actorName);
  rec.op = op;
  return new Promise((resolve) => {
    enqueue(a, async () => {
      const settle = (fields) => {
        if (!run.closed && rec.status === 'pending') Object.assign(rec, fields);
        wake();
        resolve();
      };
      const t0 = now();
      if (!is_process_alive(a.pid)) return settle({ status: 'done', outcome: { exited: term(a.exitReason) }, t0, t1: t0 });
      const used = [];
      try {
        argHook = used;
        let pending;
        try { pending = fn(); } finally { argHook = null; }
        const v = await pending;
        if (as && Array.isArray(v) && v[0] === 'ok' && isSocket(v[1])) bind(as, v[1]);
        settle({ status: 'done', result: resultTerm(op, v, used), t0, t1: now() });
      } catch (e) {
        if (e instanceof Fault) { fail(rec, e.message); return settle({}); }
        settle({ status: 'done', outcome: outcomeOf(e), t0, t1: now() });
      }
    });
  });
}

function outcomeOf(e) {
  if (e instanceof Unbound) return { return: [UNBOUND, e.sock] };
  if (e instanceof ProcessExited) return { exited: term(e.reason) };
  if (e instanceof ErlangExit) return { raise: 'exit', reason: term(e.reason) };
  if (e instanceof ErlangError) return { raise: 'error', reason: term(e.reason) };
  return { raise: 'error', reason: ['gentcp_bug', { bin: Buffer.from(String((e && e.stack) || e)).toString('latin1') }] };
}

/** {ok, Socket} from a step that names a socket binds the name for later steps (the last binding of a socket or port wins). */
function bind(name, s) {
  run.sockets.set(name, s);
  run.sockNames.set(s.id, name);
  const p = inet.port(s);
  // A port number keeps the first name bound to it (a listener and the sockets it accepts share its port).
  if (p[0] === 'ok' && typeof p[1] === 'number') { run.ports.set(name, p[1]); if (!run.portNames.has(p[1])) run.portNames.set(p[1], name); }
  run.binds.push({ bind: name, port: p[0] === 'ok' && typeof p[1] === 'number' ? p[1] : 'undefined' });
  wake();
}

async function spawnActor(i, name) { const rec = begin(i, name); if (rec) { actor(name, 'spawned'); end(rec, 'ok'); } }
/** exit(Pid, Reason) from outside the actor. */
async function kill(i, name, reason) { const rec = begin(i, name); if (rec) { exit(run.actors.get(name).pid, reason); end(rec, 'ok'); } }
/** Lets ms pass without blocking any actor. */
async function wait(i, ms) { const rec = begin(i); if (rec) { await sleep(ms); end(rec, 'ok'); } }

/** Waits for nowait steps: ok, or {pending, Ids} after timeout ms. */
async function join(i, ids, timeout) {
  const rec = begin(i);
  if (!rec) return;
  const done = new Set();
  let timer;
  await Promise.race([
    Promise.all(ids.map((id) => run.nowait.get(id).then(() => done.add(id)))),
    new Promise((r) => (timer = setTimeout(r, timeout))),
  ]);
  clearTimeout(timer);
  const left = ids.filter((id) => !done.has(id));
  end(rec, left.length === 0 ? 'ok' : ['pending', { list: left }]);
}

/** Waits until the actor received messages that satisfy cond ({message: Pattern}, {count: N} or {bytes: N, socket: S}),
 *  counting from its previous await (or from the start), or ({exited: true}) until it has exited; ok, or timeout after timeout ms. */
async function until(i, actorName, cond, timeout, since = 'last') {
  const rec = begin(i, actorName);
  if (!rec) return;
  const from = since === 'start' ? 0 : (run.cursors.get(actorName) ?? 0);
  const pattern = 'message' in cond ? canonPattern(cond.message) : undefined;
  let seen = 0, scanned = 0, bytes = 0;
  const result = await new Promise((resolve) => {
    const check = () => {
      if ('exited' in cond) return run.exits.some((e) => e.actor === actorName) ? finish('ok') : undefined;
      for (; scanned < run.messages.length; scanned++) {
        const m = run.messages[scanned];
        if (m.actor !== actorName) continue;
        // The step that names this socket has not answered yet: look again when it has.
        if (hasUnnamedSocket(m.msg)) break;
        const index = seen++;
        if (index < from) continue;
        const named = name(m.msg);
        let ok;
        if ('count' in cond) ok = index - from + 1 >= cond.count;
        else if ('bytes' in cond) {
          if (Array.isArray(named) && named[0] === 'tcp' && named[1] && named[1].sock === cond.socket) bytes += dataSize(named[2]);
          ok = bytes >= cond.bytes;
        } else ok = match(pattern, named);
        if (ok) { run.cursors.set(actorName, index + 1); return finish('ok'); }
      }
    };
    const timer = setTimeout(() => finish('timeout'), timeout);
    const finish = (r) => { clearTimeout(timer); run.wakers.delete(check); resolve(r); };
    run.wakers.add(check);
    check();
  });
  end(rec, result);
}

function dataSize(d) {
  if (isObj(d) && 'bin' in d) return Buffer.from(d.bin, 'latin1').length;
  if (isObj(d) && 'str' in d) return Buffer.from(d.str, 'latin1').length;
  if (isObj(d) && 'list' in d) return d.list.length;
  return 0;
}

/** A pattern as a named term: sockets, pids and ports stay names; the atom '_' matches anything. */
function canonPattern(j) {
  if (isObj(j) && ('sock' in j || 'pid' in j || 'portOf' in j)) return j;
  if (Array.isArray(j)) return j.map(canonPattern);
  if (isListJson(j)) {
    const { items, tail } = listJson(j);
    if (tail === undefined && items.length > 0 && items.every(isByte)) return { str: Buffer.from(items).toString('latin1') };
    return tail === undefined ? { list: items.map(canonPattern) } : { list: items.map(canonPattern), tail: canonPattern(tail) };
  }
  if (isObj(j) && 'map' in j) return { map: j.map.map(([k, v]) => [canonPattern(k), canonPattern(v)]) };
  return canon(j);
}

function match(p, t) {
  if (p === '_') return true;
  if (Array.isArray(p)) return Array.isArray(t) && t.length === p.length && p.every((x, k) => match(x, t[k]));
  if (isListJson(p)) {
    if (!isListJson(t)) return false;
    const a = listJson(p), b = listJson(t);
    if (a.items.length !== b.items.length || !a.items.every((x, k) => match(x, b.items[k]))) return false;
    return a.tail === undefined ? b.tail === undefined : b.tail !== undefined && match(a.tail, b.tail);
  }
  return JSON.stringify(p) === JSON.stringify(t);
}

/** Settles, stops recording, ends the actors (their sockets close with them) and prints the trace. */
async function finish(settleMs) {
  await sleep(settleMs);
  run.closed = true;
  for (const a of run.actors.values()) exit(a.pid, 'kill');
  // One write, and exit once it is out: stdout may be a pipe.
  const text = traceText();
  for (const p of PATHS) try { (await import('node:fs')).rmSync(path(p)[1].toString(), { force: true }); } catch {}
  process.stdout.write(text, () => process.exit(0));
}

// --- gentcp's values as terms (as ts-executor.ts) --------------------------------------------

const isSocket = (v) => v !== null && typeof v === 'object' && (v.kind === 'stream' || v.kind === 'listen') && typeof v.id === 'number' && typeof v.closeNow === 'function';
const isHttpMode = (s) => isSocket(s) && String(s.opts && s.opts.packet).startsWith('http');

function isSocketMessage(m) {
  return (Array.isArray(m) && ['tcp', 'tcp_closed', 'tcp_error', 'tcp_passive', 'http'].includes(m[0])) || isPortData(m);
}
/** {S, {data, Data}}: what a socket with {deliver, port} sends. */
const isPortData = (m) => Array.isArray(m) && m.length === 2 && isSocket(m[0]) && m[0].kind === 'stream' && Array.isArray(m[1]) && m[1][0] === 'data';

function resultTerm(op, v, used) {
  if (op === 'recv' && Array.isArray(v) && v[0] === 'ok') return ['ok', isHttpMode(used[0]) ? httpTerm(v[1]) : dataTerm(v[1])];
  if ((op === 'getopts' || op === 'getstat') && Array.isArray(v) && v[0] === 'ok') return ['ok', { list: v[1].map(term) }];
  if (op === 'flush') return { list: v.flushed.map(messageTerm) };
  if (op === 'receive' && v !== null && typeof v === 'object' && 'received' in v) return messageTerm(v.received);
  if (op === 'decode_packet') return decodeResultTerm(v.decoded);
  return term(v);
}

/** A message the owner received, as Erlang would show it. */
function messageTerm(m) {
  if (Array.isArray(m) && (m[0] === 'tcp' || m[0] === 'http') && m.length === 3) return [m[0], term(m[1]), m[0] === 'tcp' ? dataTerm(m[2]) : httpTerm(m[2])];
  if (isPortData(m)) return [term(m[0]), ['data', isHttpMode(m[0]) ? httpTerm(m[1][1]) : dataTerm(m[1][1])]];
  return term(m);
}

/** Received data: a binary, a string in list mode, or [H1..HN | Rest] with {header, N}. */
function dataTerm(d) {
  if (Buffer.isBuffer(d)) return { bin: d.toString('latin1') };
  if (typeof d === 'string') return d === '' ? { list: [] } : { str: d };
  if (Array.isArray(d) && typeof d[0] === 'number' && Buffer.isBuffer(d.at(-1))) return { list: d.slice(0, -1), tail: { bin: d.at(-1).toString('latin1') } };
  return term(d);
}

/** Any other value: strings are atoms, arrays tuples; sockets raw until named; pids by actor. */
function term(v) {
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v : { float: v };
  if (typeof v === 'bigint') return { int: String(v) };
  if (Buffer.isBuffer(v)) return { bin: v.toString('latin1') };
  if (isSocket(v)) return { rawsock: 'gentcp#' + v.id };
  if (v instanceof Pid) {
    for (const a of run.actors.values()) if (a.pid.id === v.id) return { pid: a.name };
    return ['pid', v.id];
  }
  if (typeof v === 'object' && v !== null && origins.has(v)) return origins.get(v);
  if (v instanceof NotIoData) return v.term;
  if (Array.isArray(v)) return v.map(term);
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [term(k), term(x)]) };
  if (v === undefined) return 'undefined';
  return ['unexpected_value', { bin: Buffer.from(String(v)).toString('latin1') }];
}

// HTTP packets: which JS strings decode_packet gives as atoms (src/packet/http-atoms.ts).
const HTTP_METHOD_ATOMS = new Set(@@HTTP_METHODS@@);
const HTTP_HEADER_ATOMS = new Set(@@HTTP_HEADERS@@);
const strTerm = (s) => (s === '' ? { list: [] } : { str: s });

/** An HTTP packet as Erlang shows it (as httpPacketToTerm in src/packet/decode-packet.ts). */
function httpTerm(p) {
  const s = (x) => (typeof x === 'string' ? strTerm(x) : { bin: x.toString('latin1') });
  const atomOr = (x, atoms) => (typeof x === 'string' && atoms.has(x) ? x : s(x));
  if (p === 'http_eoh') return p;
  switch (p[0]) {
    case 'http_request': {
      const [, method, uri, [major, minor]] = p;
      let u;
      if (uri === '*') u = '*';
      else if (Array.isArray(uri)) {
        if (uri[0] === 'absoluteURI') u = ['absoluteURI', uri[1], s(uri[2]), uri[3], s(uri[4])];
        else if (uri[0] === 'scheme') u = ['scheme', s(uri[1]), s(uri[2])];
        else u = ['abs_path', s(uri[1])];
      } else u = s(uri);
      return ['http_request', atomOr(method, HTTP_METHOD_ATOMS), u, [major, minor]];
    }
    case 'http_response': return ['http_response', [p[1][0], p[1][1]], p[2], s(p[3])];
    case 'http_header': return ['http_header', p[1], atomOr(p[2], HTTP_HEADER_ATOMS), s(p[3]), s(p[4])];
    case 'http_error': return ['http_error', s(p[1])];
  }
  return term(p);
}

/** What erlang:decode_packet/3 returns, from gentcp's decode result. */
function decodeResultTerm(r) {
  if (r[0] === 'more') return ['more', r[1]];
  if (r[0] === 'error') return ['error', r[1]];
  const p = r[1];
  let packet;
  if (Buffer.isBuffer(p)) packet = { bin: p.toString('latin1') };
  else if (Array.isArray(p) && p[0] === 'ssl_tls') packet = ['ssl_tls', { list: [] }, p[2], [p[3][0], p[3][1]], { bin: p[4].toString('latin1') }];
  else packet = httpTerm(p);
  return ['ok', packet, { bin: r[2].toString('latin1') }];
}

// --- names: sockets and {Ip, Port} port numbers after the scenario's names ---------------------

function name(t) {
  if (Array.isArray(t)) {
    const ip = t[0];
    if (t.length === 2 && typeof t[1] === 'number' && Array.isArray(ip) && (ip.length === 4 || ip.length === 8) && ip.every((x) => typeof x === 'number'))
      return [ip, { portOf: run.portNames.get(t[1]) ?? '?' }];
    return t.map(name);
  }
  if (t === null || typeof t !== 'object') return t;
  if ('rawsock' in t) {
    const n = run.sockNames.get(Number(t.rawsock.slice('gentcp#'.length)));
    return n === undefined ? t : { sock: n };
  }
  if ('list' in t) return t.tail === undefined ? { list: t.list.map(name) } : { list: t.list.map(name), tail: name(t.tail) };
  if ('map' in t) return { map: t.map.map(([k, v]) => [name(k), name(v)]) };
  return t;
}

function hasUnnamedSocket(t) {
  if (Array.isArray(t)) return t.some(hasUnnamedSocket);
  if (t === null || typeof t !== 'object') return false;
  if ('rawsock' in t) return !run.sockNames.has(Number(t.rawsock.slice('gentcp#'.length)));
  if ('list' in t) return t.list.some(hasUnnamedSocket);
  return false;
}

// --- output: one JSON object a line, terms in the harness's JSON form (harness/term/json.ts) --------

function traceText() {
  const text = [];
  const out = (o) => text.push(JSON.stringify(o) + '\n');
  out({ repro: 'gentcp', impl: 'ts', scenario: SCENARIO, backend: B, otp: OTP, otpVersion: 'gentcp emulating OTP ' + defaultOtp(), durationMs: Math.round(now()) });
  for (const b of run.binds) out(b);
  for (const p of PATHS) out({ path: p, file: path(p)[1].toString() });
  for (const r of [...run.steps.values()].sort((x, y) => x.index - y.index)) {
    const line = { step: r.index, status: r.status };
    if (r.outcome) {
      if ('return' in r.outcome) line.result = name(r.outcome.return);
      else if ('raise' in r.outcome) line.result = { raise: r.outcome.raise, reason: name(r.outcome.reason) };
      else line.result = { exited: name(r.outcome.exited) };
    } else if (r.status === 'done') {
      // inet:port/1 answers a bare number: it is named after its socket.
      const v = r.result;
      line.result = r.op === 'port' && Array.isArray(v) && v[0] === 'ok' && typeof v[1] === 'number' ? ['ok', { portOf: run.portNames.get(v[1]) ?? '?' }] : name(v);
    }
    if (r.error !== undefined) line.error = r.error;
    if (r.t0 !== undefined) line.t0 = r.t0;
    if (r.t1 !== undefined) line.t1 = r.t1;
    out(line);
  }
  for (const m of run.messages) out({ msg: name(m.msg), actor: m.actor, t: m.t });
  for (const e of run.exits) out({ exit: e.actor, reason: name(e.reason), t: e.t });
  for (const e of run.errors) out({ error: e });
  return text.join('');
}
`
  .replace('@@HTTP_METHODS@@', JSON.stringify(HTTP_METHOD_NAMES))
  .replace('@@HTTP_HEADERS@@', JSON.stringify(HTTP_HEADER_NAMES));
