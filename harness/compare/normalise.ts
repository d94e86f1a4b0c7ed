/**
 * Normalisation: a raw trace becomes one that compares one to one with
 * another run's. Sockets and pids take their actors' names, adjacent raw-mode
 * data messages merge (TCP chunking is not behaviour), big binaries shrink to
 * head, length and digest.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Outcome, Trace, RunInfo } from '../vocabulary/trace.js';
import { toJson, type TermJson } from '../term/json.js';
import { List, Named, type Term } from '../vocabulary/term.js';
import { Names } from './naming.js';
import { rawModeSockets } from './packet-modes.js';

/** Binaries longer than this are summarised in normalised traces. */
export const SUMMARISE_OVER = 256;

export type ResultJson = TermJson | { raise: string; reason: TermJson } | { exited: TermJson };

export interface NormStep {
  index: number;
  id?: string;
  actor?: string;
  side?: string;
  op: string;
  call: string;
  status: 'done' | 'pending' | 'error';
  result?: ResultJson;
  t0?: number;
  t1?: number;
  error?: string;
}

export interface NormMessage {
  t: number;
  msg: TermJson;
}

export interface NormTrace {
  info: RunInfo;
  steps: NormStep[];
  mailboxes: Record<string, NormMessage[]>;
  exits: Array<{ actor: string; t: number; reason: TermJson }>;
  errors: string[];
}

export function normalise(trace: Trace, scenario: Scenario): NormTrace {
  const names = new Names();
  for (const p of trace.pids) names.bindPid(p.name, p.raw);
  for (const s of trace.sockets) names.bindSocket(s.name, s.raw, s.port);
  for (const r of trace.refs ?? []) names.bindRef(r.name, r.raw);
  for (const p of trace.paths ?? []) names.bindPath(p.name, p.path);
  const j = (t: Term): TermJson => toJson(names.name(t), { summariseOver: SUMMARISE_OVER });

  const steps = trace.steps.map((r): NormStep => {
    const out: NormStep = { index: r.index, op: r.op, call: r.call, status: r.status };
    if (r.id !== undefined) out.id = r.id;
    if (r.actor !== undefined) out.actor = r.actor;
    if (r.side !== undefined) out.side = r.side;
    if (r.outcome) out.result = outcomeJson(r.outcome, r.op, names, j);
    if (r.t0 !== undefined) out.t0 = r.t0;
    if (r.t1 !== undefined) out.t1 = r.t1;
    if (r.error !== undefined) out.error = r.error;
    return out;
  });

  const raw = rawModeSockets(scenario);
  // Runs of data for one raw socket are collected first and joined once: bulk transfers bring thousands of chunks.
  const boxes = new Map<string, Array<{ t: number; term: Term; run?: { sock: Named; parts: Term[] } }>>(
    Object.keys(scenario.actors).map((a) => [a, []]),
  );
  for (const m of trace.messages) {
    // A socket's 'DOWN' for a monitor no step made is Erlang's own (OTP 25's prim_inet leaves one after a
    // blocked send whose port closed): not the scenario's to compare.
    if (Array.isArray(m.msg) && m.msg[0] === 'DOWN' && m.msg.length === 5 && !names.isBoundRef(m.msg[1]!)) continue;
    const box = boxes.get(m.actor) ?? boxes.set(m.actor, []).get(m.actor)!;
    const term = names.name(m.msg);
    const last = box.at(-1);
    const data = rawData(term, raw);
    if (data && last?.run && last.run.sock.name === data.sock.name && sameKind(last.run.parts[0]!, data.data)) last.run.parts.push(data.data);
    else box.push({ t: m.t, term, ...(data ? { run: { sock: data.sock, parts: [data.data] } } : {}) });
  }
  const mailboxes = Object.fromEntries(
    [...boxes].map(([a, box]) => [a, box.map((m) => ({ t: m.t, msg: j(m.run && m.run.parts.length > 1 ? ['tcp', m.run.sock, joinData(m.run.parts)] : m.term) }))]),
  );

  return {
    info: trace.info,
    steps,
    mailboxes,
    exits: trace.exits.map((e) => ({ actor: e.actor, t: e.t, reason: j(e.reason) })),
    errors: trace.errors,
  };
}

function outcomeJson(o: Outcome, op: string, names: Names, j: (t: Term) => TermJson): ResultJson {
  switch (o.kind) {
    case 'return':
      // inet:port/1 answers a bare number: name it after its socket.
      if (op === 'port' && Array.isArray(o.value) && o.value[0] === 'ok' && typeof o.value[1] === 'number')
        return toJson(['ok', names.portName(o.value[1])]);
      return j(o.value);
    case 'raise':
      return { raise: o.class, reason: j(withoutStack(o.reason)) };
    case 'exited':
      return { exited: j(o.reason) };
  }
}

/**
 * {Reason, Stack}, as gen_tcp exits with a clause that did not match: the stack
 * (file paths, line numbers, the caller's own frames) is no behaviour, so it
 * compares as '$stacktrace'.
 */
export function withoutStack(t: Term): Term {
  return Array.isArray(t) && t.length === 2 && isStack(t[1]!) ? [t[0]!, '$stacktrace'] : t;
}

/** A non-empty list of {Module, Function, Arity | Args, Location} frames. */
function isStack(t: Term): boolean {
  return (
    t instanceof List &&
    t.tail === null &&
    t.items.length > 0 &&
    t.items.every((f) => Array.isArray(f) && f.length === 4 && typeof f[0] === 'string' && typeof f[1] === 'string' && (typeof f[2] === 'number' || f[2] instanceof List) && f[3] instanceof List)
  );
}

/** {tcp,S,Data} on a raw-mode socket: adjacent ones are one delivery (TCP chunking is not behaviour). */
function rawData(t: Term, raw: Set<string>): { sock: Named; data: Term } | undefined {
  if (!Array.isArray(t) || t.length !== 3 || t[0] !== 'tcp') return undefined;
  const [, sock, data] = t;
  if (!(sock instanceof Named) || !raw.has(sock.name)) return undefined;
  return Buffer.isBuffer(data) || data instanceof List ? { sock, data } : undefined;
}

function sameKind(a: Term, b: Term): boolean {
  return Buffer.isBuffer(a) === Buffer.isBuffer(b);
}

function joinData(parts: Term[]): Term {
  if (Buffer.isBuffer(parts[0])) return Buffer.concat(parts as Buffer[]);
  return new List(parts.flatMap((p) => (p as List).items));
}
