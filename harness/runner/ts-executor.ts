/**
 * The executor for ts:* and module:* subjects: each actor is a process of the
 * library and each step the gen_tcp or inet call with the same arguments; results
 * and messages come back as Erlang terms, so the traces compare one to one with
 * real Erlang's. The library is a parameter: the installed gentcp, or a user's
 * module meeting the contract in subject-library.ts.
 */
import { performance } from 'node:perf_hooks';
import type { Process } from 'gentcp/testing';
import { gentcpLibrary, type SubjectLibrary } from './subject-library.js';
import { decodePacketTerm, httpTerm } from './ts-decode-packet.js';
import { rearmActive, recvUntilClosed, sendUntilError } from './ts-loops.js';
import type { ActorOpName } from '../scenario/ops.js';
import { ErlMap, Float, List, Named, isByteList, type Term } from '../vocabulary/term.js';
import { HarnessFault, Unsupported, type ExecResult, type Executor, type ExecutorFactory } from './executor.js';
import type { Outcome } from '../vocabulary/trace.js';

/** A stream or listen socket of the library under test. */
type Sock = { id: number; closeNow(): void; opts?: { packet?: unknown } };

/** A value gen_tcp must refuse as iodata (a tuple or an atom in a send): no JS shape stands for it. */
class NotIoData {
  constructor(readonly term: Term) {}
}

/** Executors running the library (by default the installed gentcp) with the given OTP release's behaviour. */
export const tsExecutorFactory = (otp: string, lib: SubjectLibrary | (() => Promise<SubjectLibrary>) = gentcpLibrary()): ExecutorFactory => async (run) => {
  const l = typeof lib === 'function' ? await lib() : lib;
  l.setEmulatedOtp(otp);
  return new TsExecutor(l, run.events, run.clock);
};

class TsExecutor implements Executor {
  private readonly actors = new Map<string, Process>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly sockets = new Map<string, Sock>();
  private readonly untrace: Array<() => void> = [];

  private readonly gen_tcp: SubjectLibrary['gen_tcp'];
  private readonly inet: SubjectLibrary['inet'];

  constructor(
    private readonly lib: SubjectLibrary,
    private readonly events: Parameters<ExecutorFactory>[0]['events'],
    private readonly clock: () => number,
  ) {
    this.gen_tcp = lib.gen_tcp;
    this.inet = lib.inet;
  }

  private isStream(v: unknown): v is Sock {
    return v instanceof this.lib.testing.StreamSocket;
  }

  private isSocket(v: unknown): v is Sock {
    return v instanceof this.lib.testing.StreamSocket || v instanceof this.lib.testing.ListenSocket;
  }

  /** The packet mode of a stream socket, to tell HTTP packets from data. */
  private isHttp(sock: unknown): boolean {
    return this.isStream(sock) && String(sock.opts?.packet).startsWith('http');
  }

  private isSocketMessage(m: unknown): boolean {
    return (Array.isArray(m) && ['tcp', 'tcp_closed', 'tcp_error', 'tcp_passive', 'http'].includes(m[0] as string)) || this.isPortData(m);
  }

  /** {S, {data, Data}}: what a socket with {deliver, port} sends. */
  private isPortData(m: unknown): boolean {
    return Array.isArray(m) && m.length === 2 && this.isStream(m[0]) && Array.isArray(m[1]) && m[1][0] === 'data';
  }

  async spawn(actor: string): Promise<Term> {
    const p = new this.lib.testing.Process();
    this.actors.set(actor, p);
    this.untrace.push(
      p.trace({
        message: (m) => {
          if (this.isSocketMessage(m)) this.events.message(actor, this.clock(), this.messageTerm(m));
        },
        exit: (reason) => this.events.exit(actor, this.clock(), this.term(reason)),
      }),
    );
    return new Named('pid', actor);
  }

  exec(actor: string, op: ActorOpName, args: Term[], as: string | undefined, budgetMs: number, what: string): Promise<ExecResult> {
    const p = this.actors.get(actor);
    if (!p) return Promise.reject(new HarnessFault(`${what}: no actor ${actor}`));
    // An actor does one thing at a time, as an Erlang process does.
    const prev = this.queues.get(actor) ?? Promise.resolve();
    const run = prev.then(() => this.run(p, op, args, as));
    this.queues.set(actor, run.catch(() => undefined));
    return withBudget(run, budgetMs, what);
  }

  private async run(p: Process, op: ActorOpName, args: Term[], as: string | undefined): Promise<ExecResult> {
    const t0 = this.clock();
    let outcome: Outcome;
    let made: Sock | undefined;
    if (!p.alive) {
      outcome = { kind: 'exited', reason: this.term(p.exitReason) };
      return { outcome, t0, t1: t0, binds: [] };
    }
    if (op === 'exit') {
      const reason = args[0]!;
      p.terminate(reason === 'kill' ? 'killed' : this.js(reason));
      return { outcome: { kind: 'return', value: 'ok' }, t0, t1: this.clock(), binds: [] };
    }
    try {
      const jsArgs = args.map((x) => this.js(x));
      const value = await p.run(() => this.call(p, op, args, jsArgs));
      if (Array.isArray(value) && value[0] === 'ok' && this.isSocket(value[1])) made = value[1];
      outcome = { kind: 'return', value: this.resultTerm(op, value, jsArgs) };
    } catch (e) {
      const { ErlangError, ErlangExit, testing } = this.lib;
      if (e instanceof testing.ProcessExited) outcome = { kind: 'exited', reason: this.term(e.reason) };
      else if (e instanceof ErlangExit) outcome = { kind: 'raise', class: 'exit', reason: this.term(e.reason) };
      else if (e instanceof ErlangError) outcome = { kind: 'raise', class: 'error', reason: this.term(e.reason) };
      else if (e instanceof Unsupported) throw e;
      else outcome = { kind: 'raise', class: 'error', reason: ['gentcp_bug', Buffer.from(String((e as Error).stack ?? e))] };
    }
    const binds: ExecResult['binds'] = [];
    if (as && made) {
      const sock = made;
      {
        this.sockets.set(as, sock);
        const port = this.inet.port(sock as never) as unknown[];
        binds.push({ name: as, raw: rawSocket(sock), ...(port[0] === 'ok' ? { port: port[1] as number } : {}) });
      }
    }
    return { outcome, t0, t1: this.clock(), binds };
  }

  private async call(p: Process, op: ActorOpName, a: Term[], jsArgs: unknown[]): Promise<unknown> {
    const j = (i: number): unknown => jsArgs[i];
    const opt = (i: number): unknown => (a.length > i ? j(i) : undefined);
    switch (op) {
      case 'listen':
        return await this.gen_tcp.listen(j(0) as number, j(1) as never);
      case 'connect':
        return await this.gen_tcp.connect(j(0) as never, j(1) as number, j(2) as never, (opt(3) ?? 'infinity') as never);
      case 'accept':
        return await this.gen_tcp.accept(j(0) as never, (opt(1) ?? 'infinity') as never);
      case 'send':
        return this.gen_tcp.send(j(0) as never, this.iodata(a[1]!) as never);
      case 'recv':
        return this.gen_tcp.recv(j(0) as never, j(1) as number, (opt(2) ?? 'infinity') as never);
      case 'close':
        return this.gen_tcp.close(j(0) as never);
      case 'shutdown':
        return this.gen_tcp.shutdown(j(0) as never, j(1) as never);
      case 'controlling_process':
        return this.gen_tcp.controlling_process(j(0) as never, j(1) as never);
      case 'setopts':
        return this.inet.setopts(j(0) as never, j(1) as never);
      case 'getopts':
        return this.inet.getopts(j(0) as never, j(1) as never);
      case 'port':
        return this.inet.port(j(0) as never);
      case 'peername':
        return this.inet.peername(j(0) as never);
      case 'sockname':
        return this.inet.sockname(j(0) as never);
      case 'getstat':
        return a.length > 1 ? this.inet.getstat(j(0) as never, j(1) as never) : this.inet.getstat(j(0) as never);
      case 'decode_packet':
        return decodePacketTerm(a[0]!, a[1]!, a[2]!);
      case 'send_until_error':
        return await sendUntilError(j(0) as never, this.iodata(a[1]!) as never, j(2) as number);
      case 'recv_until_closed':
        return await recvUntilClosed(j(0) as never, j(1) as number, j(2) as number);
      case 'rearm_active':
        return await rearmActive(p, j(0) as never, j(1), j(2) as number, j(3) as number);
      case 'sleep':
        await new Promise((r) => setTimeout(r, j(0) as number));
        return 'ok';
      case 'flush':
        return { flushed: p.takeMessages(() => true) };
      case 'receive': {
        const m = await p.receive(() => true, j(0) as number);
        return m === undefined ? 'timeout' : { received: m };
      }
      default:
        throw new Unsupported(`${op} is a peer-only step; ts subjects run the subject side only`);
    }
  }

  /** A scenario term as the gentcp API takes it: atoms as strings, tuples and lists as arrays. */
  private js(t: Term): unknown {
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (typeof t === 'string' || typeof t === 'number') return t;
    if (typeof t === 'bigint') return Number(t);
    if (Buffer.isBuffer(t)) return t;
    if (t instanceof Float) return t.value;
    if (t instanceof Named) {
      if (t.kind === 'sock') return this.sockets.get(t.name) ?? new NotIoData(t);
      if (t.kind === 'pid') return this.actors.get(t.name)?.pid ?? new this.lib.Pid(-1);
      return t;
    }
    if (Array.isArray(t)) return t.map((x) => this.js(x));
    if (t instanceof List) {
      if (t.items.length > 0 && isByteList(t)) return Buffer.from(t.items as number[]).toString('latin1');
      return t.items.map((x) => this.js(x));
    }
    return new NotIoData(t);
  }

  /** JS values made from scenario lists, to show the original term when gentcp hands one back in a reason. */
  private readonly origins = new WeakMap<object, Term>();

  /** send's data argument: lists are iolists, and a tuple or an atom is not data at all. */
  private iodata(t: Term): unknown {
    const v = this.iodataValue(t);
    if (typeof v === 'object' && v !== null) this.origins.set(v, t);
    return v;
  }

  private iodataValue(t: Term): unknown {
    if (t instanceof List) {
      if (isByteList(t)) return Buffer.from(t.items as number[]).toString('latin1');
      const items = (t as List).items.map((x) => this.iodata(x));
      // An improper iolist may end in a binary ([<<"a">> | <<"b">>]); any other tail is not iodata.
      const tail = (t as List).tail;
      return tail === null ? items : [...items, Buffer.isBuffer(tail) ? tail : new NotIoData(tail)];
    }
    if (Buffer.isBuffer(t) || typeof t === 'number') return t;
    return new NotIoData(t);
  }

  private resultTerm(op: ActorOpName, v: unknown, jsArgs: unknown[]): Term {
    if (op === 'recv' && Array.isArray(v) && v[0] === 'ok') {
      // recv's packet is an HTTP packet exactly when its socket is in an http mode.
      const http = this.isHttp(jsArgs[0]);
      return ['ok', http ? httpTerm(v[1]) : this.dataTerm(v[1])];
    }
    if (op === 'getopts' && Array.isArray(v) && v[0] === 'ok') return ['ok', new List((v[1] as unknown[]).map((o) => this.term(o)))];
    if (op === 'getstat' && Array.isArray(v) && v[0] === 'ok') return ['ok', new List((v[1] as unknown[]).map((o) => this.term(o)))];
    if (op === 'flush') return new List((v as { flushed: unknown[] }).flushed.map((m) => this.messageTerm(m)));
    if (op === 'receive' && typeof v === 'object' && v !== null && 'received' in v) return this.messageTerm((v as { received: unknown }).received);
    if (op === 'decode_packet') return v as Term;
    return this.term(v);
  }

  /** A message the owner received, as Erlang would show it. */
  private messageTerm(m: unknown): Term {
    if (Array.isArray(m) && (m[0] === 'tcp' || m[0] === 'http') && m.length === 3)
      return [m[0], this.term(m[1]), m[0] === 'tcp' ? this.dataTerm(m[2]) : httpTerm(m[2])];
    if (this.isPortData(m)) {
      const [sock, [, data]] = m as [Sock, [string, unknown]];
      return [this.term(sock), ['data', this.isHttp(sock) ? httpTerm(data) : this.dataTerm(data)]];
    }
    return this.term(m);
  }

  /** Received data: a binary, a string in list mode, or [H1..HN | Rest] with {header, N}. */
  private dataTerm(d: unknown): Term {
    if (Buffer.isBuffer(d)) return d;
    if (typeof d === 'string') return new List(Array.from(Buffer.from(d, 'latin1')));
    if (Array.isArray(d) && typeof d[0] === 'number' && Buffer.isBuffer(d.at(-1))) return new List(d.slice(0, -1) as number[], d.at(-1) as Buffer);
    return this.term(d);
  }

  /** Any other value: strings are atoms, arrays tuples, sockets and pids by name. */
  private term(v: unknown): Term {
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'string' || typeof v === 'number') return v;
    if (typeof v === 'bigint') return v;
    if (Buffer.isBuffer(v)) return v;
    // Sockets travel raw, as the driver's do; the normaliser names them from the binds.
    if (this.isSocket(v)) return rawSocket(v);
    for (const [name, p] of this.actors) if (p.pid === v) return new Named('pid', name);
    if (v instanceof this.lib.Pid) return ['pid', v.id];
    if (typeof v === 'object' && v !== null && this.origins.has(v)) return this.origins.get(v)!;
    if (v instanceof NotIoData) return v.term;
    if (Array.isArray(v)) return v.map((x) => this.term(x));
    // Erlang maps (the socket backend's refusals show them) are JS Maps.
    if (v instanceof Map) return new ErlMap([...v].map(([k, x]) => [this.term(k), this.term(x)] as [Term, Term]));
    if (v === undefined) return 'undefined';
    return ['unexpected_value', Buffer.from(String(v))];
  }

  async kill(actor: string, reason: Term): Promise<void> {
    const p = this.actors.get(actor);
    if (p) p.terminate(reason === 'kill' ? 'killed' : this.js(reason));
  }

  async stop(): Promise<void> {
    for (const u of this.untrace) u();
    for (const p of this.actors.values()) p.terminate('killed');
    for (const s of this.sockets.values()) s.closeNow();
  }
}

/** A gentcp socket in a trace, before naming: {'$gentcp_socket', Id}. */
function rawSocket(s: Sock): Term {
  return ['$gentcp_socket', s.id];
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
