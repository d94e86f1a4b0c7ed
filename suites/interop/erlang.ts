/**
 * The Erlang side of the interop runs: gentcp_interop's programs in a reference node, called
 * through the driver's {call, Module, Function, Args} request. Arguments are plain JS data (objects
 * become maps, arrays lists, strings atoms); results come back the same way.
 */
import { DriverClient, wrapAtoms } from '../../harness/driver/client.js';
import { ErlMap, List, type Term } from '../../harness/vocabulary/term.js';
import type { Mode, Read, SinkResult, SourceResult, Summary, Write } from './payload.js';

/** An Erlang tuple among plain arguments. */
export class Tup {
  readonly items: Plain[];
  constructor(...items: Plain[]) {
    this.items = items;
  }
}

export type Plain = string | number | boolean | Buffer | Tup | Plain[] | { [k: string]: Plain | undefined };

/** JS data to a term: objects are maps with atom keys, arrays lists, strings atoms. */
export function toTerm(v: Plain): Term {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string' || typeof v === 'number' || Buffer.isBuffer(v)) return v;
  if (v instanceof Tup) return v.items.map(toTerm);
  if (Array.isArray(v)) return new List(v.map(toTerm));
  return new ErlMap(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toTerm(x!)]));
}

/** A result term to JS: maps become objects, lists arrays, 'true'/'false' booleans. */
export function fromTerm(t: Term): unknown {
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t instanceof ErlMap) return Object.fromEntries(t.entries.map(([k, v]) => [typeof k === 'string' ? k : String(k), fromTerm(v)]));
  if (t instanceof List) return t.items.map(fromTerm);
  if (Array.isArray(t)) return t.map(fromTerm);
  if (typeof t === 'bigint') return Number(t);
  return t;
}

export class ErlangCallError extends Error {}

/** echo_clients' summary, with each connection's service times in ms from the barrier's go (-1: never). */
export interface EchoSummary extends Summary {
  /** Until the first echoed byte came back. */
  first_ms: number[];
  /** Until the server's close ended the connection. */
  done_ms: number[];
  /** The longest wait to hear from the server (echoed bytes or its close), from the go on. */
  stall_ms: number[];
}

/** What a server counted (stop/1). */
export interface ServerStats {
  connections: number;
  messages: number;
  bytes: number;
  errors: unknown[];
}

export class ErlangPrograms {
  /** backend: the inet_backend of the sockets the Erlang programs make (undefined: the node's default, inet). */
  constructor(
    private readonly driver: DriverClient,
    private readonly backend?: 'inet' | 'socket',
  ) {}

  /** gentcp_interop:F(Args...) in a new process of the node; throws if it raised. */
  async call(fn: string, args: Plain[], timeoutMs: number): Promise<unknown> {
    const req: Term = ['call', ...(wrapAtoms(['gentcp_interop', fn]) as Term[]), wrapAtoms(new List(args.map(toTerm)))];
    const reply = await this.driver.request(req, `gentcp_interop:${fn}/${args.length}`, timeoutMs);
    if (Array.isArray(reply) && reply[0] === 'ok') return fromTerm(reply[1]!);
    throw new ErlangCallError(`gentcp_interop:${fn}/${args.length} failed: ${JSON.stringify(fromTerm(reply), replacer)}`);
  }

  /** The manual's pool of acceptors; its port. */
  async start(num: number, lport = 0, extra?: Plain[]): Promise<number> {
    const r = extra ? await this.call('start', [num, lport, extra], 30_000) : await this.call('start', [num, lport], 30_000);
    if (typeof r !== 'number') throw new ErlangCallError(`start: ${JSON.stringify(r, replacer)}`);
    return r;
  }

  async stop(port: number): Promise<ServerStats> {
    return (await this.call('stop', [port], 20_000)) as ServerStats;
  }

  poolClients(port: number, o: { clients: number; messages: number; maxSize?: number; seed?: number; rampMs?: number; timeoutMs: number }): Promise<Summary> {
    return this.call('pool_clients', [port, { clients: o.clients, messages: o.messages, max_size: o.maxSize, seed: o.seed, ramp_ms: o.rampMs, timeout: o.timeoutMs, backend: this.backend }], o.timeoutMs + 10_000) as Promise<Summary>;
  }

  async sink(mode: Mode, read: Read, connections = 1): Promise<number> {
    const r = await this.call('sink', [{ mode, read: read === true ? 'true' : read, connections, backend: this.backend }], 30_000);
    if (typeof r !== 'number') throw new ErlangCallError(`sink: ${JSON.stringify(r, replacer)}`);
    return r;
  }

  async sinkResult(port: number, timeoutMs: number): Promise<SinkResult[]> {
    const r = await this.call('sink_result', [port, timeoutMs], timeoutMs + 10_000);
    if (!Array.isArray(r)) throw new ErlangCallError(`sink_result: ${JSON.stringify(r, replacer)}`);
    return r as SinkResult[];
  }

  source(port: number, o: { mode: Mode; sizes: number[]; write: Write; group?: number; first?: number; timeoutMs: number }): Promise<SourceResult> {
    return this.call('source', [port, { mode: o.mode, sizes: o.sizes, write: o.write, group: o.group, first: o.first, backend: this.backend }], o.timeoutMs) as Promise<SourceResult>;
  }

  async echoServer(acceptors: number, backlog = 1024): Promise<number> {
    const r = await this.call('echo_server', [{ acceptors, backlog, backend: this.backend }], 30_000);
    if (typeof r !== 'number') throw new ErlangCallError(`echo_server: ${JSON.stringify(r, replacer)}`);
    return r;
  }

  echoClients(port: number, o: { clients: number; bytes: number; chunk: number; timeoutMs: number }): Promise<EchoSummary> {
    return this.call('echo_clients', [port, { clients: o.clients, bytes: o.bytes, chunk: o.chunk, timeout: o.timeoutMs, backend: this.backend }], o.timeoutMs + 10_000) as Promise<EchoSummary>;
  }

  payloadCrc(kind: 'bin' | 'text', k: number, n: number): Promise<number> {
    return this.call('payload_crc', [kind, k, n], 10_000) as Promise<number>;
  }
}

/** JSON.stringify that shows Buffers as text and bigints as numbers (for messages only). */
export function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') return Buffer.from((v as { data: number[] }).data).toString('latin1').slice(0, 200);
  return v;
}
