// @ts-check
/**
 * A scenario's actor steps on a gen_tcp library: each actor is a process of the library, each step
 * the gen_tcp or inet call (or a peer helper, or a loop) with the same arguments Erlang gets, and
 * results and messages come back as Erlang terms, so they compare one to one with real Erlang's.
 *
 * The harness's ts executor (harness/runner/ts-executor.ts) and a repro bundle's replay (replay.mjs,
 * copied into the bundle beside this file) both run this one copy. It imports nothing: the library
 * and the caller's model of terms are parameters, so a bundle runs with gentcp alone installed.
 */

/**
 * A term in the caller's model. Both models make atoms JS strings, tuples arrays and small
 * integers numbers; binaries, lists, floats, big integers, maps and named pids are the model's.
 * @typedef {unknown} Term
 */

/**
 * What a term of a scenario argument is.
 * @typedef {{ atom: string } | { int: number | bigint } | { float: number } | { binary: Buffer }
 *   | { tuple: Term[] } | { list: Term[], tail: Term | null } | { map: Array<[Term, Term]> } | { sock: string } | { ref: string } | { pid: string } | { other: Term }} TermView
 */

/**
 * The caller's model of terms: how to read one (`view`) and how to make the rest.
 * @typedef {object} TermModel
 * @property {(t: Term) => TermView} view
 * @property {(b: Buffer) => Term} binary
 * @property {(items: Term[], tail?: Term) => Term} list a proper list when tail is undefined
 * @property {(x: number) => Term} float
 * @property {(n: bigint) => Term} bigint
 * @property {(entries: Array<[Term, Term]>) => Term} map
 * @property {(actor: string) => Term} pid an actor's pid, by the actor's name
 */

/**
 * @typedef {(...args: any[]) => any} Fn
 * @typedef {abstract new (...args: any[]) => any} Ctor
 */

/**
 * The library the steps run on: gentcp, or a module with its API (harness/runner/subject-library.ts).
 * @typedef {object} Library
 * @property {Record<'listen' | 'connect' | 'accept' | 'send' | 'recv' | 'close' | 'shutdown' | 'controlling_process', Fn>} gen_tcp
 * @property {Record<'setopts' | 'getopts' | 'port' | 'peername' | 'sockname' | 'getstat', Fn> & Partial<Record<'info' | 'monitor' | 'cancel_monitor', Fn>>} inet
 * @property {Record<'get_env' | 'set_env' | 'unset_env', Fn>} [application] the kernel's default socket options
 * @property {new (reason: unknown) => { reason: unknown }} ErlangError
 * @property {Ctor} ErlangExit
 * @property {Ctor} [Stacktrace] the stack in exit reasons such as {function_clause, Stack}
 * @property {new (id: number) => { id: number }} Pid
 * @property {new (id: number) => { id: number }} [Ref] a reference (inet:monitor/1's)
 * @property {{ Process: typeof import('gentcp/testing').Process, ProcessExited: Ctor, StreamSocket: Ctor, ListenSocket: Ctor }} testing
 */

/**
 * gentcp's packet decoder and its term builders (gentcp and gentcp/testing).
 * @typedef {object} Packets
 * @property {Fn} decode_packet
 * @property {() => string} defaultOtp
 * @property {<T>(p: any, b: import('gentcp/testing').TermBuilder<T>) => T} httpPacketToTerm
 * @property {<T>(r: any, b: import('gentcp/testing').TermBuilder<T>) => T} decodeResultToTerm
 */

/**
 * @typedef {{ kind: 'return', value: Term } | { kind: 'raise', class: string, reason: Term } | { kind: 'exited', reason: Term }} Outcome
 * @typedef {{ outcome: Outcome, t0: number, t1: number, binds: Array<{ name: string, raw: Term, port?: number, kind?: 'ref' }> }} ExecResult
 * @typedef {{ id: number, closeNow(): void, opts?: { packet?: unknown } }} Sock
 * @typedef {import('gentcp/testing').Process} Process
 */

/** An op this library side does not run (the caller decides which ops it offers). */
export class UnknownOp extends Error {}

/** A value gen_tcp must refuse as iodata (a tuple or an atom in a send): no JS shape stands for it. */
class NotIoData {
  /** @param {Term} term */
  constructor(term) {
    this.term = term;
  }
}

/** The actors of one run on one library. */
export class Actors {
  /** @type {Map<string, Process>} */
  #procs = new Map();
  /** @type {Map<string, Promise<unknown>>} */
  #queues = new Map();
  /** @type {Map<string, Sock>} */
  #sockets = new Map();
  /** Monitor references steps bound with `as`. @type {Map<string, unknown>} */
  #refs = new Map();
  /** @type {Array<() => void>} */
  #untrace = [];
  /** The kernel environment this run replaced, to put back: [Key, get_env's answer before]. @type {Array<[string, unknown]>} */
  #kernelBefore = [];
  /** JS values made from scenario lists, to show the original term when the library hands one back in a reason. */
  #origins = new WeakMap();

  /**
   * @param {Library} lib
   * @param {Packets} packets
   * @param {TermModel} model
   * @param {{ message(actor: string, t: number, msg: Term): void, exit(actor: string, t: number, reason: Term): void }} events
   * @param {() => number} clock ms since the run started
   */
  constructor(lib, packets, model, events, clock) {
    this.lib = lib;
    this.packets = packets;
    this.model = model;
    this.events = events;
    this.clock = clock;
    const m = model;
    /** @type {import('gentcp/testing').TermBuilder<Term>} */
    this.builder = {
      atom: (n) => n,
      integer: (n) => n,
      binary: (b) => m.binary(Buffer.from(b)),
      string: (s) => m.list(Array.from(Buffer.from(s, 'latin1'))),
      tuple: (items) => items,
      nil: () => m.list([]),
    };
  }

  /** Starts an actor process, traced for its socket messages and its exit; returns its pid as a term. */
  spawn(/** @type {string} */ actor) {
    const p = new this.lib.testing.Process();
    this.#procs.set(actor, p);
    this.#untrace.push(
      p.trace({
        message: (m) => {
          if (this.#isSocketMessage(m)) this.events.message(actor, this.clock(), this.#messageTerm(m));
        },
        exit: (reason) => this.events.exit(actor, this.clock(), this.#term(reason)),
      }),
    );
    return this.model.pid(actor);
  }

  has(/** @type {string} */ actor) {
    return this.#procs.has(actor);
  }

  /**
   * Runs one call in the actor, after the calls it was given before (an actor does one thing at a
   * time, as an Erlang process does). A socket the call returns as {ok, S} is bound to `as`.
   * @param {string} actor @param {string} op @param {Term[]} args @param {string | undefined} as
   * @returns {Promise<ExecResult>}
   */
  exec(actor, op, args, as) {
    const p = this.#procs.get(actor);
    if (!p) return Promise.reject(new Error(`no actor ${actor}`));
    const prev = this.#queues.get(actor) ?? Promise.resolve();
    const run = prev.then(() => this.#run(p, op, args, as));
    this.#queues.set(actor, run.catch(() => undefined));
    return run;
  }

  /** exit(Pid, Reason) from outside. */
  kill(/** @type {string} */ actor, /** @type {Term} */ reason) {
    this.#procs.get(actor)?.terminate(reason === 'kill' ? 'killed' : this.#js(reason));
  }

  /**
   * The kernel's default socket options for the run (a scenario's kernel field), as Erlang's
   * application:set_env(kernel, Key, Value); stop() puts the old ones back. A single option
   * (a tuple) is a one-element list, as inet:connect_options/2 reads it.
   * @param {Array<[string, Term]>} env
   */
  setKernelEnv(env) {
    const app = this.lib.application;
    if (env.length > 0 && !app) throw new UnknownOp('this library has no application.set_env for the kernel default options');
    for (const [key, value] of env) {
      this.#kernelBefore.push([key, app?.get_env('kernel', key)]);
      const v = this.model.view(value);
      app?.set_env('kernel', key, 'tuple' in v ? [this.#js(value)] : this.#js(value));
    }
  }

  /** Ends the run: every actor dies, every bound socket closes, and the kernel environment is as before. */
  stop() {
    for (const u of this.#untrace) u();
    for (const p of this.#procs.values()) p.terminate('killed');
    for (const s of this.#sockets.values()) s.closeNow();
    const app = this.lib.application;
    for (const [key, before] of this.#kernelBefore.splice(0).reverse()) {
      if (Array.isArray(before) && before[0] === 'ok') app?.set_env('kernel', key, before[1]);
      else app?.unset_env('kernel', key);
    }
  }

  /** @param {unknown} v */
  #isRef(v) {
    return this.lib.Ref !== undefined && v instanceof this.lib.Ref;
  }

  /** @param {unknown} v @returns {v is Sock} */
  #isStream(v) {
    return v instanceof this.lib.testing.StreamSocket;
  }

  /** @param {unknown} v @returns {v is Sock} */
  #isSocket(v) {
    return v instanceof this.lib.testing.StreamSocket || v instanceof this.lib.testing.ListenSocket;
  }

  /** The packet mode of a stream socket, to tell HTTP packets from data. */
  #isHttp(/** @type {unknown} */ sock) {
    return this.#isStream(sock) && String(sock.opts?.packet).startsWith('http');
  }

  #isSocketMessage(/** @type {unknown} */ m) {
    return (Array.isArray(m) && ['tcp', 'tcp_closed', 'tcp_error', 'tcp_passive', 'http'].includes(m[0])) || this.#isPortData(m) || this.#isDown(m);
  }

  /** {'DOWN', Ref, port | socket, S, Reason}: inet:monitor/1's message about a socket. */
  #isDown(/** @type {unknown} */ m) {
    return Array.isArray(m) && m.length === 5 && m[0] === 'DOWN' && this.#isSocket(m[3]);
  }

  /** {S, {data, Data}}: what a socket with {deliver, port} sends. */
  #isPortData(/** @type {unknown} */ m) {
    return Array.isArray(m) && m.length === 2 && this.#isStream(m[0]) && Array.isArray(m[1]) && m[1][0] === 'data';
  }

  /** @param {Process} p @param {string} op @param {Term[]} args @param {string | undefined} as @returns {Promise<ExecResult>} */
  async #run(p, op, args, as) {
    const t0 = this.clock();
    if (!p.alive) return { outcome: { kind: 'exited', reason: this.#term(p.exitReason) }, t0, t1: t0, binds: [] };
    if (op === 'exit') {
      const reason = args[0];
      p.terminate(reason === 'kill' ? 'killed' : this.#js(reason));
      return { outcome: { kind: 'return', value: 'ok' }, t0, t1: this.clock(), binds: [] };
    }
    /** @type {Outcome} */
    let outcome;
    /** @type {Sock | undefined} */
    let made;
    /** @type {unknown} */
    let ref;
    try {
      const jsArgs = args.map((x) => this.#js(x));
      const value = await p.run(() => this.#call(p, op, args, jsArgs));
      if (Array.isArray(value) && value[0] === 'ok' && this.#isSocket(value[1])) made = value[1];
      ref = value;
      outcome = { kind: 'return', value: this.#resultTerm(op, value, jsArgs) };
    } catch (e) {
      const { ErlangError, ErlangExit, testing } = this.lib;
      if (e instanceof testing.ProcessExited) outcome = { kind: 'exited', reason: this.#term(e.reason) };
      else if (e instanceof ErlangExit) outcome = { kind: 'raise', class: 'exit', reason: this.#term(e.reason) };
      else if (e instanceof ErlangError) outcome = { kind: 'raise', class: 'error', reason: this.#term(e.reason) };
      else if (e instanceof UnknownOp) throw e;
      else outcome = { kind: 'raise', class: 'error', reason: ['gentcp_bug', this.model.binary(Buffer.from(String(/** @type {any} */ (e).stack ?? e)))] };
    }
    /** @type {ExecResult['binds']} */
    const binds = [];
    if (as && made) {
      this.#sockets.set(as, made);
      const port = this.lib.inet.port(made);
      binds.push({ name: as, raw: rawSocket(made), ...(port[0] === 'ok' ? { port: port[1] } : {}) });
    } else if (as && op === 'monitor' && outcome.kind === 'return' && this.#isRef(ref)) {
      this.#refs.set(as, ref);
      binds.push({ name: as, raw: rawRef(ref), kind: 'ref' });
    }
    return { outcome, t0, t1: this.clock(), binds };
  }

  /**
   * The call a step makes, with its arguments as the library takes them.
   * @param {Process} p @param {string} op @param {Term[]} a @param {any[]} j
   * @returns {Promise<unknown>}
   */
  async #call(p, op, a, j) {
    const { gen_tcp, inet } = this.lib;
    const opt = (/** @type {number} */ i) => (a.length > i ? j[i] : undefined);
    switch (op) {
      case 'listen':
        return await gen_tcp.listen(j[0], j[1]);
      case 'connect': {
        // "" and [] are one term in Erlang: as an address it is the empty host name.
        const address = Array.isArray(j[0]) && j[0].length === 0 ? '' : j[0];
        return await gen_tcp.connect(address, j[1], j[2], opt(3) ?? 'infinity');
      }
      case 'connect_sockaddr':
        return await gen_tcp.connect(j[0], j[1], opt(2) ?? 'infinity');
      case 'accept':
        return await gen_tcp.accept(j[0], opt(1) ?? 'infinity');
      case 'send':
        return gen_tcp.send(j[0], this.#iodata(a[1]));
      case 'send_nested': {
        /** @type {unknown} */
        let data = this.#iodata(a[1]);
        for (let i = 0; i < j[2]; i++) data = [data];
        return gen_tcp.send(j[0], data);
      }
      case 'recv':
        return gen_tcp.recv(j[0], j[1], opt(2) ?? 'infinity');
      case 'close':
        return gen_tcp.close(j[0]);
      case 'shutdown':
        return gen_tcp.shutdown(j[0], j[1]);
      case 'controlling_process':
        return gen_tcp.controlling_process(j[0], j[1]);
      case 'setopts':
        return inet.setopts(j[0], j[1]);
      case 'getopts':
        return inet.getopts(j[0], j[1]);
      case 'port':
        return inet.port(j[0]);
      case 'peername':
        return inet.peername(j[0]);
      case 'sockname':
        return inet.sockname(j[0]);
      case 'getstat':
        return a.length > 1 ? inet.getstat(j[0], j[1]) : inet.getstat(j[0]);
      case 'info':
        if (!inet.info) throw new UnknownOp('this library has no inet.info');
        return inet.info(j[0]);
      case 'monitor':
        if (!inet.monitor) throw new UnknownOp('this library has no inet.monitor');
        return inet.monitor(j[0]);
      case 'cancel_monitor':
        if (!inet.cancel_monitor) throw new UnknownOp('this library has no inet.cancel_monitor');
        return inet.cancel_monitor(j[0]);
      case 'decode_packet':
        return this.#decodePacket(a[0], a[1], a[2]);
      case 'send_until_error':
        return await sendUntilError(this.lib, j[0], this.#iodata(a[1]), j[2]);
      case 'recv_until_closed':
        return await recvUntilClosed(this.lib, j[0], j[1], j[2]);
      case 'rearm_active':
        return await rearmActive(this.lib, p, j[0], j[1], j[2], j[3]);
      // The peer's helpers (as erlang/src/gentcp_actor.erl), for a replay whose peer runs on the library too.
      case 'send_splits':
        return await this.#sendSplits(j[0], a[1], j[2]);
      case 'reset': {
        const r = inet.setopts(j[0], [['linger', [true, 0]]]);
        if (r !== 'ok') throw new this.lib.ErlangError(['badmatch', r]);
        return gen_tcp.close(j[0]);
      }
      case 'half_close':
        return gen_tcp.shutdown(j[0], 'write');
      case 'stop_reading':
        return inet.setopts(j[0], [['active', false]]);
      case 'fill':
        return await fill(this.lib, j[0], j[1], j[2]);
      case 'sleep':
        await new Promise((r) => setTimeout(r, j[0]));
        return 'ok';
      case 'flush':
        return { flushed: p.takeMessages(() => true) };
      case 'receive': {
        const m = await p.receive(() => true, j[0]);
        return m === undefined ? 'timeout' : { received: m };
      }
      default:
        throw new UnknownOp(`${op} is not an op of this library side`);
    }
  }

  /** Each chunk of a list in turn, sleeping delayMs between them; the first send that fails ends it. */
  async #sendSplits(/** @type {Sock} */ s, /** @type {Term} */ chunks, /** @type {number} */ delayMs) {
    const v = this.model.view(chunks);
    if (!('list' in v) || v.tail !== null) throw new this.lib.ErlangError('function_clause');
    for (const [i, c] of v.list.entries()) {
      const r = await this.lib.gen_tcp.send(s, this.#iodata(c));
      if (r !== 'ok') return r;
      if (i < v.list.length - 1) await new Promise((res) => setTimeout(res, delayMs));
    }
    return 'ok';
  }

  /** erlang:decode_packet/3 on gentcp's decoder, with the BIF's argument checks. */
  #decodePacket(/** @type {Term} */ type, /** @type {Term} */ bin, /** @type {Term} */ opts) {
    const { view } = this.model;
    const t = view(type);
    const b = view(bin);
    const o = view(opts);
    // Anything but an atom or integer type, a binary, and a list of {Name, Value} is badarg, as in the BIF.
    if (!('atom' in t || ('int' in t && typeof t.int === 'number')) || !('binary' in b) || !('list' in o) || o.tail !== null)
      throw new this.lib.ErlangError('badarg');
    /** @type {Array<[string, number]>} */
    const pairs = [];
    for (const x of o.list) {
      const kv = view(x);
      const k = 'tuple' in kv && kv.tuple.length === 2 ? view(kv.tuple[0]) : undefined;
      const n = 'tuple' in kv && kv.tuple.length === 2 ? view(kv.tuple[1]) : undefined;
      if (!k || !n || !('atom' in k) || !('int' in n) || typeof n.int !== 'number') throw new this.lib.ErlangError('badarg');
      pairs.push([k.atom, n.int]);
    }
    const { decode_packet, defaultOtp, decodeResultToTerm } = this.packets;
    const r = decode_packet('atom' in t ? t.atom : t.int, b.binary, pairs, { otp: Number(defaultOtp()) });
    return decodeResultToTerm(r, this.builder);
  }

  /** A scenario term as the library's API takes it: atoms as strings, tuples and lists as arrays. */
  #js(/** @type {Term} */ t) {
    /** @returns {unknown} */
    const js = (/** @type {Term} */ x) => {
      const v = this.model.view(x);
      if ('atom' in v) return v.atom === 'true' ? true : v.atom === 'false' ? false : v.atom;
      if ('int' in v) return Number(v.int);
      if ('float' in v) return v.float;
      if ('binary' in v) return v.binary;
      if ('tuple' in v) return v.tuple.map(js);
      if ('list' in v) {
        const bytes = v.tail === null && v.list.length > 0 ? byteString(v.list, this.model) : undefined;
        return bytes ?? v.list.map(js);
      }
      // An Erlang map with atom keys (a sockaddr) is an object, as the library takes one; any other is a Map.
      if ('map' in v) {
        const entries = v.map.map(([k, y]) => /** @type {[unknown, unknown]} */ ([js(k), js(y)]));
        return entries.every(([k]) => typeof k === 'string') ? Object.fromEntries(entries) : new Map(entries);
      }
      if ('sock' in v) return this.#sockets.get(v.sock) ?? new NotIoData(x);
      if ('ref' in v) return this.#refs.get(v.ref) ?? new NotIoData(x);
      if ('pid' in v) return this.#procs.get(v.pid)?.pid ?? new this.lib.Pid(-1);
      return new NotIoData(x);
    };
    return js(t);
  }

  /** send's data argument: lists are iolists, and a tuple or an atom is not data at all. */
  #iodata(/** @type {Term} */ t) {
    const v = this.#iodataValue(t);
    if (typeof v === 'object' && v !== null) this.#origins.set(v, t);
    return v;
  }

  /** @returns {unknown} */
  #iodataValue(/** @type {Term} */ t) {
    const v = this.model.view(t);
    if ('list' in v) {
      const bytes = v.tail === null ? byteString(v.list, this.model) : undefined;
      if (bytes !== undefined) return bytes;
      const items = v.list.map((x) => this.#iodata(x));
      // An improper iolist may end in a binary ([<<"a">> | <<"b">>]); any other tail is not iodata.
      if (v.tail === null) return items;
      const tail = this.model.view(v.tail);
      return [...items, 'binary' in tail ? tail.binary : new NotIoData(v.tail)];
    }
    if ('binary' in v) return v.binary;
    if ('int' in v && typeof v.int === 'number') return v.int;
    return new NotIoData(t);
  }

  /** @param {string} op @param {any} v @param {unknown[]} jsArgs @returns {Term} */
  #resultTerm(op, v, jsArgs) {
    if (op === 'recv' && Array.isArray(v) && v[0] === 'ok') {
      // recv's packet is an HTTP packet exactly when its socket is in an http mode.
      return ['ok', this.#isHttp(jsArgs[0]) ? this.#httpTerm(v[1]) : this.#dataTerm(v[1])];
    }
    if ((op === 'getopts' || op === 'getstat') && Array.isArray(v) && v[0] === 'ok') return ['ok', this.model.list(v[1].map((/** @type {unknown} */ o) => this.#term(o)))];
    if (op === 'flush') return this.model.list(v.flushed.map((/** @type {unknown} */ m) => this.#messageTerm(m)));
    if (op === 'receive' && typeof v === 'object' && v !== null && 'received' in v) return this.#messageTerm(v.received);
    if (op === 'decode_packet') return v;
    if (op === 'info' && typeof v === 'object' && v !== null && !Array.isArray(v)) return this.#infoTerm(v);
    return this.#term(v);
  }

  /** inet:info/1's object as Erlang's map: nested objects are maps, arrays lists (info holds no tuples). */
  #infoTerm(/** @type {object} */ o) {
    /** @returns {Term} */
    const t = (/** @type {unknown} */ x) => {
      if (Array.isArray(x)) return this.model.list(x.map(t));
      if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype)
        return this.model.map(Object.entries(x).map(([k, y]) => /** @type {[Term, Term]} */ ([k, t(y)])));
      return this.#term(x);
    };
    return t(o);
  }

  /** An HTTP packet as Erlang shows it (atoms and strings told apart as decode_packet does). */
  #httpTerm(/** @type {unknown} */ p) {
    return this.packets.httpPacketToTerm(p, this.builder);
  }

  /** A message the owner received, as Erlang would show it. */
  #messageTerm(/** @type {unknown} */ m) {
    if (Array.isArray(m) && (m[0] === 'tcp' || m[0] === 'http') && m.length === 3)
      return [m[0], this.#term(m[1]), m[0] === 'tcp' ? this.#dataTerm(m[2]) : this.#httpTerm(m[2])];
    if (Array.isArray(m) && this.#isPortData(m)) {
      const [sock, [, data]] = m;
      return [this.#term(sock), ['data', this.#isHttp(sock) ? this.#httpTerm(data) : this.#dataTerm(data)]];
    }
    return this.#term(m);
  }

  /** Received data: a binary, a string in list mode, or [H1..HN | Rest] with {header, N}. */
  #dataTerm(/** @type {unknown} */ d) {
    if (Buffer.isBuffer(d)) return this.model.binary(d);
    if (typeof d === 'string') return this.model.list(Array.from(Buffer.from(d, 'latin1')));
    if (Array.isArray(d) && typeof d[0] === 'number' && Buffer.isBuffer(d.at(-1))) return this.model.list(d.slice(0, -1), this.model.binary(d.at(-1)));
    return this.#term(d);
  }

  /** Any other value: strings are atoms, arrays tuples, sockets raw (named later), actors' pids by name. */
  #term(/** @type {unknown} */ v) {
    /** @returns {Term} */
    const term = (/** @type {unknown} */ x) => {
      if (x === true) return 'true';
      if (x === false) return 'false';
      if (typeof x === 'string' || typeof x === 'number') return x;
      if (typeof x === 'bigint') return this.model.bigint(x);
      if (Buffer.isBuffer(x)) return this.model.binary(x);
      // Sockets travel raw, as the driver's do; the trace names them from the binds.
      if (this.#isSocket(x)) return rawSocket(x);
      if (this.#isRef(x)) return rawRef(x);
      for (const [name, p] of this.#procs) if (p.pid === x) return this.model.pid(name);
      if (x instanceof this.lib.Pid) return ['pid', x.id];
      if (typeof x === 'object' && x !== null && this.#origins.has(x)) return this.#origins.get(x);
      if (x instanceof NotIoData) return x.term;
      // A stack in an exit reason: Erlang's [{Module, Function, Arity, [{file, F}, {line, L}]}].
      if (this.lib.Stacktrace && x instanceof this.lib.Stacktrace)
        return this.model.list(
          /** @type {Array<{ module: string, function: string, arity: number, file?: string, line?: number }>} */ (x.frames).map((f) => [f.module, f.function, f.arity, this.model.list([['file', this.builder.string(f.file ?? '')], ['line', f.line ?? 0]])]),
        );
      if (Array.isArray(x)) return x.map(term);
      // Erlang maps (the socket backend's refusals show them) are JS Maps.
      if (x instanceof Map) return this.model.map([...x].map(([k, y]) => /** @type {[Term, Term]} */ ([term(k), term(y)])));
      if (x === undefined) return 'undefined';
      return ['unexpected_value', this.model.binary(Buffer.from(String(x)))];
    };
    return term(v);
  }
}

/** A library reference in a trace, before naming: {'$gentcp_ref', Id}. */
function rawRef(/** @type {any} */ r) {
  return ['$gentcp_ref', r.id];
}

/** A library socket in a trace, before naming: {'$gentcp_socket', Id}. */
function rawSocket(/** @type {Sock} */ s) {
  return ['$gentcp_socket', s.id];
}

/** A proper list of bytes as a latin1 string (gentcp's list-mode data), or undefined. */
function byteString(/** @type {Term[]} */ items, /** @type {TermModel} */ model) {
  /** @type {number[]} */
  const bytes = [];
  for (const x of items) {
    const v = model.view(x);
    if (!('int' in v) || typeof v.int !== 'number' || !Number.isInteger(v.int) || v.int < 0 || v.int > 255) return undefined;
    bytes.push(v.int);
  }
  return Buffer.from(bytes).toString('latin1');
}

// The loops a subject can make, of public gen_tcp calls only: the same loops as
// erlang/src/gentcp_actor.erl, so both sides return the same shapes and real Erlang's result is the oracle.

/**
 * gen_tcp:send until it returns an error, at most `max` times: ['sent', Count, LastResult].
 * @param {Pick<Library, 'gen_tcp'>} lib @param {unknown} s @param {unknown} data @param {number} max
 */
export async function sendUntilError(lib, s, data, max) {
  for (let n = 0; n < max; n++) {
    const r = await lib.gen_tcp.send(s, data);
    if (r !== 'ok') return ['sent', n, r];
  }
  return ['sent', max, 'limit'];
}

/**
 * gen_tcp:recv(S, 0, Timeout) until it returns anything but {ok, Data}, at most `max` times: ['received', Bytes, LastResult].
 * @param {Pick<Library, 'gen_tcp'>} lib @param {unknown} s @param {number | 'infinity'} timeout @param {number} max
 */
export async function recvUntilClosed(lib, s, timeout, max) {
  let bytes = 0;
  for (let n = 0; n < max; n++) {
    const r = await lib.gen_tcp.recv(s, 0, timeout);
    if (!Array.isArray(r) || r[0] !== 'ok') return ['received', bytes, r];
    bytes += dataSize(r[1]);
  }
  return ['received', bytes, 'limit'];
}

/** Data bytes of a packet as Erlang counts them: a binary, a list-mode string, [H1..HN | Bin]; 0 for other packets (http). */
export function dataSize(/** @type {unknown} */ d) {
  if (Buffer.isBuffer(d)) return d.length;
  if (typeof d === 'string') return Buffer.byteLength(d, 'latin1');
  if (Array.isArray(d) && d.every((x, i) => typeof x === 'number' || (i === d.length - 1 && Buffer.isBuffer(x))))
    return d.reduce((/** @type {number} */ a, x) => a + (Buffer.isBuffer(x) ? x.length : 1), 0);
  return 0;
}

/**
 * On each {tcp_passive, S}, inet:setopts(S, [{active, N}]), at most `times` times: ['rearmed', K, Last].
 * @param {Pick<Library, 'inet'>} lib @param {Process} p @param {unknown} s @param {unknown} n @param {number} times @param {number} timeout
 */
export async function rearmActive(lib, p, s, n, times, timeout) {
  for (let k = 0; ; k++) {
    const m = await p.receive((x) => Array.isArray(x) && x.length === 2 && x[0] === 'tcp_passive' && x[1] === s, timeout);
    if (m === undefined) return ['rearmed', k, 'timeout'];
    if (k >= times) return ['rearmed', k, 'limit'];
    const r = lib.inet.setopts(s, [['active', n]]);
    if (r !== 'ok') return ['rearmed', k, r];
  }
}

/**
 * Chunk-byte packets until send fails or `max` bytes went out: ['filled', Sent, LastResult].
 * @param {Pick<Library, 'gen_tcp'>} lib @param {unknown} s @param {number} chunk @param {number} max
 */
export async function fill(lib, s, chunk, max) {
  const c = Buffer.alloc(chunk, 'x');
  for (let sent = 0; ; sent += chunk) {
    if (sent >= max) return ['filled', sent, 'ok'];
    const r = await lib.gen_tcp.send(s, c);
    if (r !== 'ok') return ['filled', sent, r];
  }
}
