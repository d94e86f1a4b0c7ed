/**
 * A small typed builder for scenarios. It only writes data: the result is the
 * same JSON a user can save, edit and replay with `gentcp run file.json`.
 *
 *   scenario('econnreset.active-show', meta, (b) => {
 *     const client = b.subject('client'), server = b.peer('server');
 *     const L = server.listen('L', 0, ['binary', ['active', false]]);
 *     const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', true]]);
 *     ...
 *   });
 */
import type { ActorOpName } from '../harness/scenario/ops.js';
import type { ActorStep, Backend, Otp, Raised, Scenario, Step, TermIn, Timing, UntilCond } from '../harness/scenario/schema.js';
import { validateScenario } from '../harness/scenario/validate.js';

export const LOOPBACK: TermIn = [127, 0, 0, 1];
export const LOOPBACK6: TermIn = [0, 0, 0, 0, 0, 0, 0, 1];

/** Anything a builder call accepts as a term: JSON terms, socket, actor and monitor handles. */
export type Arg = TermIn | Sock | Actor | MonitorRef;
/** An option list: each element an atom or a tuple. */
export type Opts = Arg[];

export const bin = (text: string): TermIn => ({ bin: text });
export const str = (text: string): TermIn => ({ str: text });
export const fill = (n: number): TermIn => ({ fill: n });
export const list = (...items: Arg[]): TermIn => ({ list: items.map(term) });
export const path = (name: string): TermIn => ({ path: name });
/** An expected exception, for `.expect`: the call raises `cls` with `reason` (erlang:error/1, exit/1, throw/1). */
export const raises = (cls: Raised['raise'], reason: Arg): Raised => ({ raise: cls, reason: term(reason) });

export class Sock {
  constructor(
    readonly name: string,
    readonly side: 'subject' | 'peer',
  ) {}
  /** The socket's local port number, resolved when the step runs. */
  get port(): TermIn {
    return { portOf: this.name };
  }
}

/** The reference an inet:monitor/1 step returned, by the name the step bound (`{ref: Name}`). */
export class MonitorRef {
  constructor(
    readonly name: string,
    /** The monitor step, for its expectations and notes. */
    readonly step: StepRef,
  ) {}
}

function term(a: Arg): TermIn {
  if (a instanceof Sock) return { sock: a.name };
  if (a instanceof MonitorRef) return { ref: a.name };
  if (a instanceof Actor) return { pid: a.name };
  if (Array.isArray(a)) return a.map(term);
  return a;
}

/** An Erlang map with atom keys, from an object's entries. */
export const sockaddrMap = (entries: Record<string, Arg>): TermIn => ({ map: Object.entries(entries).map(([k, v]) => [k, term(v)] as [TermIn, TermIn]) });

function isRaised(a: Arg | Raised): a is Raised {
  return a !== null && typeof a === 'object' && !Array.isArray(a) && !(a instanceof Sock) && !(a instanceof Actor) && !(a instanceof MonitorRef) && 'raise' in a;
}

const optsTerm = (o: Opts | TermIn): TermIn => (Array.isArray(o) ? { list: (o as Arg[]).map(term) } : o);

/** Backends and OTP releases, as a scenario's `only` names them; an absent field means all. */
export interface Where {
  backends?: Backend[];
  otp?: Otp[];
}

/** Chained modifiers for the step just added. */
export class StepRef {
  constructor(readonly step: ActorStep) {}
  id(id: string): this {
    this.step.id = id;
    return this;
  }
  /** Start the call and go on; `b.join` collects it. */
  nowait(id: string): this {
    this.step.nowait = true;
    this.step.id = id;
    return this;
  }
  /** Compare only the shape of the result (binaries and integers blanked). */
  shape(): this {
    this.step.observe = 'shape';
    return this;
  }
  /**
   * Every result real Erlang itself shows here (seen with --repeat): everywhere, or on the
   * backends and releases `where` selects. There a subject may give any of them; elsewhere
   * the step compares exactly.
   */
  alts(results: Arg[], where: Where = {}): this {
    this.step.alts = results.map(term);
    if (where.backends || where.otp) this.step.altsWhere = { ...where };
    return this;
  }
  /**
   * What real Erlang returns here: everywhere, or on the backends and releases `where` selects
   * (as `only` does). The reference is checked against it; call once per result.
   */
  expect(result: Arg | Raised, where: Where = {}): this {
    this.step.expect = [...(this.step.expect ?? []), { ...where, result: isRaised(result) ? result : term(result) }];
    return this;
  }
  budget(ms: number): this {
    this.step.budgetMs = ms;
    return this;
  }
  note(text: string): this {
    this.step.note = text;
    return this;
  }
}

export class SockRef extends Sock {
  constructor(
    name: string,
    side: 'subject' | 'peer',
    readonly ref: StepRef,
  ) {
    super(name, side);
  }
  /** Starts the call that makes this socket and goes on; `b.join` collects it. */
  nowait(id: string): this {
    this.ref.nowait(id);
    return this;
  }
  /** The step that made this socket: an id for timing bands and join. */
  id(id: string): this {
    this.ref.id(id);
    return this;
  }
  note(text: string): this {
    this.ref.note(text);
    return this;
  }
  /** What real Erlang returns for the call that makes this socket (see StepRef.expect). */
  expect(result: Arg | Raised, where: Where = {}): this {
    this.ref.expect(result, where);
    return this;
  }
  budget(ms: number): this {
    this.ref.budget(ms);
    return this;
  }
}

export class Actor {
  constructor(
    readonly name: string,
    readonly side: 'subject' | 'peer',
    private readonly push: (s: Step) => void,
  ) {}

  /** Any actor op with raw arguments, for bad input and the unusual. */
  call(op: ActorOpName, ...args: Arg[]): StepRef {
    const step: ActorStep = { actor: this.name, op, args: args.map(term) };
    this.push(step);
    return new StepRef(step);
  }

  private bind(name: string, op: ActorOpName, args: TermIn[]): SockRef {
    const step: ActorStep = { actor: this.name, op, args, as: name };
    this.push(step);
    return new SockRef(name, this.side, new StepRef(step));
  }

  listen(name: string, port: Arg, opts: Opts | TermIn = []): SockRef {
    return this.bind(name, 'listen', [term(port), optsTerm(opts)]);
  }
  connect(name: string, address: Arg, port: Arg, opts: Opts | TermIn = [], timeout?: Arg): SockRef {
    const args = [term(address), term(port), optsTerm(opts)];
    return this.bind(name, 'connect', timeout === undefined ? args : [...args, term(timeout)]);
  }
  /** gen_tcp:connect/2,3 with a socket address map, given as its entries (`{ family: 'inet', addr: LOOPBACK, port: L.port }`). */
  connectSockaddr(name: string, sockaddr: Record<string, Arg>, opts: Opts | TermIn = [], timeout?: Arg): SockRef {
    const args = [sockaddrMap(sockaddr), optsTerm(opts)];
    return this.bind(name, 'connect_sockaddr', timeout === undefined ? args : [...args, term(timeout)]);
  }
  accept(name: string, l: Arg, timeout?: Arg): SockRef {
    return this.bind(name, 'accept', timeout === undefined ? [term(l)] : [term(l), term(timeout)]);
  }
  /** gen_tcp:send/2; a plain string is sent as a binary. */
  send(s: Arg, data: Arg | string): StepRef {
    return this.call('send', s, typeof data === 'string' ? bin(data) : data);
  }
  /** gen_tcp:send(S, Data) with Data wrapped in `depth` one-element lists, built by the actor. */
  sendNested(s: Arg, data: Arg | string, depth: number): StepRef {
    return this.call('send_nested', s, typeof data === 'string' ? bin(data) : data, depth);
  }
  recv(s: Arg, length: Arg, timeout?: Arg): StepRef {
    return timeout === undefined ? this.call('recv', s, length) : this.call('recv', s, length, timeout);
  }
  close(s: Arg): StepRef {
    return this.call('close', s);
  }
  shutdown(s: Arg, how: Arg): StepRef {
    return this.call('shutdown', s, how);
  }
  controlling_process(s: Arg, to: Arg): StepRef {
    return this.call('controlling_process', s, to);
  }
  setopts(s: Arg, opts: Opts | TermIn): StepRef {
    return this.call('setopts', s, optsTerm(opts));
  }
  getopts(s: Arg, names: Opts | TermIn): StepRef {
    return this.call('getopts', s, optsTerm(names));
  }
  port(s: Arg): StepRef {
    return this.call('port', s);
  }
  peername(s: Arg): StepRef {
    return this.call('peername', s);
  }
  sockname(s: Arg): StepRef {
    return this.call('sockname', s);
  }
  getstat(s: Arg, names?: Opts | TermIn): StepRef {
    return names === undefined ? this.call('getstat', s) : this.call('getstat', s, optsTerm(names));
  }
  /** inet:info/1 (compare it by shape: sizes and counters vary). */
  info(s: Arg): StepRef {
    return this.call('info', s);
  }
  /** inet:monitor/1; the reference is bound as `name` for later steps and DOWN patterns. */
  monitor(name: string, s: Arg): MonitorRef {
    const step: ActorStep = { actor: this.name, op: 'monitor', args: [term(s)], as: name };
    this.push(step);
    return new MonitorRef(name, new StepRef(step));
  }
  /** inet:cancel_monitor/1. */
  cancel_monitor(ref: Arg): StepRef {
    return this.call('cancel_monitor', ref);
  }
  decode_packet(type: Arg, data: Arg, opts: Opts | TermIn = []): StepRef {
    return this.call('decode_packet', type, data, optsTerm(opts));
  }
  /** Peer: send each chunk in turn with a pause between them. */
  sendSplits(s: Arg, chunks: Array<Arg | string>, delayMs: number): StepRef {
    return this.call('send_splits', s, { list: chunks.map((c) => (typeof c === 'string' ? bin(c) : term(c))) }, delayMs);
  }
  /** Peer: {linger,{true,0}} then close, so the other side gets an RST. */
  reset(s: Arg): StepRef {
    return this.call('reset', s);
  }
  /** Peer: shutdown(write) — a FIN, while still reading. */
  halfClose(s: Arg): StepRef {
    return this.call('half_close', s);
  }
  /** Peer: stop reading, so the other side's sends back up. */
  stopReading(s: Arg): StepRef {
    return this.call('stop_reading', s);
  }
  /** Peer: send `chunk`-byte packets until send fails or `max` bytes went out. */
  fill(s: Arg, chunk: number, max: number): StepRef {
    return this.call('fill', s, chunk, max);
  }
  /** gen_tcp:send(S, Data) until it returns an error, at most `max` times: {sent, Count, LastResult}. */
  sendUntilError(s: Arg, data: Arg | string, max: number): StepRef {
    return this.call('send_until_error', s, typeof data === 'string' ? bin(data) : data, max);
  }
  /** gen_tcp:recv(S, 0, Timeout) until it returns other than {ok, Data}, at most `max` times: {received, Bytes, LastResult}. */
  recvUntilClosed(s: Arg, timeout: number, max: number): StepRef {
    return this.call('recv_until_closed', s, timeout, max);
  }
  /** On each {tcp_passive, S} (waiting at most `timeout` ms), setopts {active, N}, at most `times` times: {rearmed, K, Last}. */
  rearmActive(s: Arg, n: Arg, times: number, timeout: number): StepRef {
    return this.call('rearm_active', s, n, times, timeout);
  }
  sleep(ms: number): StepRef {
    return this.call('sleep', ms);
  }
  exit(reason: Arg): StepRef {
    return this.call('exit', reason);
  }
  flush(): StepRef {
    return this.call('flush');
  }
  receive(timeout: number): StepRef {
    return this.call('receive', timeout);
  }
}

export const until = {
  message: (pattern: Arg): UntilCond => ({ message: term(pattern) }),
  closed: (s: Sock): UntilCond => ({ message: ['tcp_closed', term(s)] }),
  error: (s: Sock, reason: Arg = '_'): UntilCond => ({ message: ['tcp_error', term(s), term(reason)] }),
  passive: (s: Sock): UntilCond => ({ message: ['tcp_passive', term(s)] }),
  /** inet:monitor/1's {'DOWN', Ref, Type, Socket, Reason} for the monitor `m`. */
  down: (m: MonitorRef): UntilCond => ({ message: ['DOWN', term(m), '_', '_', '_'] }),
  data: (s: Sock, bytes: number): UntilCond => ({ bytes, socket: s.name }),
  count: (n: number): UntilCond => ({ count: n }),
  /** The actor has exited: an exit step returns before the process is gone, and a kill is asynchronous. */
  exited: (): UntilCond => ({ exited: true }),
};

/** The options of a binary, passive socket: `connectedPair`'s default for both ends. */
export const PASSIVE_BINARY: Opts = ['binary', ['active', false]];

/** What `connectedPair` opens: the option lists, the timeouts, the names, and actors declared already. */
export interface PairSpec {
  /** The server's listen options (default: binary, passive). */
  listen?: Opts | TermIn;
  /** The client's connect options (default: binary, passive). */
  connect?: Opts | TermIn;
  /** The client's connect timeout (none by default: gen_tcp:connect/3). */
  connectTimeout?: Arg;
  /** The server's accept timeout (default 2000 ms). */
  acceptTimeout?: Arg;
  /** Where the client connects (default 127.0.0.1). */
  address?: Arg;
  /** The actor that connects (default: a new subject actor named client). */
  client?: Actor;
  /** The actor that listens and accepts (default: a new peer actor named server). */
  server?: Actor;
  /** The sockets' names (default L, C and S). */
  names?: { listen?: string; connect?: string; accept?: string };
}

/** The actors and sockets of an opened connection. */
export interface Pair {
  client: Actor;
  server: Actor;
  /** The server's listen socket. */
  L: SockRef;
  /** The client's connected socket. */
  C: SockRef;
  /** The server's accepted socket. */
  S: SockRef;
}

export class Builder {
  readonly steps: Step[] = [];
  readonly actors: Scenario['actors'] = {};
  readonly timing: Timing[] = [];
  private readonly push = (s: Step): void => void this.steps.push(s);

  subject(name: string, opts: { spawn?: boolean } = {}): Actor {
    this.actors[name] = { side: 'subject', ...(opts.spawn ? { start: 'spawn' } : {}) };
    return new Actor(name, 'subject', this.push);
  }
  peer(name: string, opts: { spawn?: boolean } = {}): Actor {
    this.actors[name] = { side: 'peer', ...(opts.spawn ? { start: 'spawn' } : {}) };
    return new Actor(name, 'peer', this.push);
  }
  /** Declares several actors at once, in the order given: `b.cast({ client: 'subject', server: 'peer' })`. */
  cast<K extends string>(sides: Record<K, 'subject' | 'peer'>): Record<K, Actor> {
    const out = {} as Record<K, Actor>;
    for (const name of Object.keys(sides) as K[]) out[name] = sides[name] === 'subject' ? this.subject(name) : this.peer(name);
    return out;
  }
  spawn(a: Actor): void {
    this.push({ op: 'spawn', actor: a.name });
  }
  kill(a: Actor, reason: Arg = 'kill'): void {
    this.push({ op: 'kill', actor: a.name, reason: term(reason) });
  }
  /**
   * The usual opening: the server listens on an ephemeral port, the client connects to it over
   * loopback, the server accepts (three steps: listen L, connect C, accept S). Unless given, the
   * client is a new subject actor and the server a new peer actor, declared in that order; both
   * ends are binary and passive (`{active,false}`) unless their option lists say otherwise.
   */
  connectedPair(spec: PairSpec = {}): Pair {
    const client = spec.client ?? this.subject('client');
    const server = spec.server ?? this.peer('server');
    const n = spec.names ?? {};
    const L = server.listen(n.listen ?? 'L', 0, spec.listen ?? PASSIVE_BINARY);
    const C = client.connect(n.connect ?? 'C', spec.address ?? LOOPBACK, L.port, spec.connect ?? PASSIVE_BINARY, spec.connectTimeout);
    const S = server.accept(n.accept ?? 'S', L, spec.acceptTimeout ?? 2000);
    return { client, server, L, C, S };
  }
  /** Waits until `a` received what `cond` says; counts from its previous await, or from the run start with since: 'start'. */
  await(a: Actor, cond: UntilCond, timeout: number, id?: string, since?: 'start' | 'last'): void {
    this.push({ op: 'await', actor: a.name, until: cond, timeout, ...(id ? { id } : {}), ...(since ? { since } : {}) });
  }
  join(ids: string[], timeout?: number, id?: string): void {
    this.push({ op: 'join', ids, ...(timeout !== undefined ? { timeout } : {}), ...(id ? { id } : {}) });
  }
  wait(ms: number, id?: string): void {
    this.push({ op: 'wait', ms, ...(id ? { id } : {}) });
  }
  /** The step `at` ends `ms` ± `tol` after the start of `at` (or the end of `from`). */
  within(at: string, ms: number, tol: number, from?: string): void {
    this.timing.push({ at, ms, tol, ...(from ? { from } : {}) });
  }
}

export interface Meta {
  title: string;
  /** Where the behaviour is specified, e.g. "gen_tcp:recv/3". */
  section: string;
  /** The spec sentence under test, verbatim from fixtures/spec/ ([…] marks a cut). */
  quote: string;
  /** Where the quote comes from when it is not a page in fixtures/spec/, and why (the quote is then not checked there). */
  source?: string;
  /** The requirement, in one line. */
  rationale: string;
  only?: Scenario['only'];
  peerBackend?: Scenario['peerBackend'];
  kernel?: Scenario['kernel'];
  messages?: Scenario['messages'];
  budgetMs?: number;
  settleMs?: number;
}

/** Builds and validates one scenario. */
export function scenario(id: string, meta: Meta, body: (b: Builder) => void): Scenario {
  const b = new Builder();
  body(b);
  const { title, section, quote, source, rationale, ...rest } = meta;
  return validateScenario(
    {
      id,
      title,
      spec: { section, quote, ...(source ? { source } : {}) },
      rationale,
      actors: b.actors,
      steps: b.steps,
      ...(b.timing.length ? { timing: b.timing } : {}),
      ...rest,
    },
    id,
  );
}
