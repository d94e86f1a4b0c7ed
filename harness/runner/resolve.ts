/** Turns a step's JSON arguments into terms, filling in placeholders from the run so far. */
import { fromJson } from '../term/json.js';
import { ErlMap, List, Named, Opaque, type Term } from '../vocabulary/term.js';
import type { TermIn } from '../scenario/schema.js';
import { HarnessFault } from './executor.js';

export interface RunBindings {
  portOf(name: string): number | undefined;
  /** Directory shared by the host and the reference node, for unix socket paths. */
  sharedDir: string;
  runId: number;
}

/** A unix socket path unique to this process and run (several harness processes share the directory). */
export function socketPath(b: RunBindings, name: string): string {
  return `${b.sharedDir}/p${process.pid}-r${b.runId}-${name}.sock`;
}

/** What a fill repeats (a repro bundle's replay.json carries it too). */
export const FILL_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const fillLengths = new WeakMap<Buffer, number>();

/** A binary of `n` bytes of a fixed, readable pattern (the driver makes the same one: gentcp_run.erl). */
export function fillBytes(n: number): Buffer {
  const out = Buffer.alloc(n, FILL_ALPHABET, 'latin1');
  fillLengths.set(out, n);
  return out;
}

/**
 * The length of a binary made by fillBytes, so that the wire carries {'$fill', N}
 * instead of the bytes: megabytes through the one control connection would hold
 * up every other run's steps behind them.
 */
export function fillLength(b: Buffer): number | undefined {
  return fillLengths.get(b);
}

export function resolveArg(arg: TermIn, b: RunBindings, where: string): Term {
  const t = fromJson(
    arg,
    (o) => {
      if ('fill' in o && typeof o.fill === 'number') return fillBytes(o.fill);
      if ('path' in o && typeof o.path === 'string') return ['local', Buffer.from(socketPath(b, o.path))];
      return undefined;
    },
    where,
  );
  return substitutePorts(t, b, where);
}

function substitutePorts(t: Term, b: RunBindings, where: string): Term {
  if (t instanceof Named && t.kind === 'port') {
    const p = b.portOf(t.name);
    if (p === undefined) throw new HarnessFault(`${where}: socket ${t.name} has no port (its step did not return {ok, Socket})`);
    return p;
  }
  if (Array.isArray(t)) return t.map((x) => substitutePorts(x, b, where));
  if (t instanceof List) return new List(t.items.map((x) => substitutePorts(x, b, where)), t.tail === null ? null : substitutePorts(t.tail, b, where));
  if (t instanceof ErlMap) return new ErlMap(t.entries.map(([k, v]) => [substitutePorts(k, b, where), substitutePorts(v, b, where)]));
  return t;
}

/** A step argument as a reader should see it: placeholders by name, not by value. */
export function displayArg(arg: TermIn): Term {
  return fromJson(arg, (o) => {
    if ('fill' in o) return new Opaque(`fill(${String(o.fill)})`);
    if ('path' in o) return new Opaque(`{local,path(${String(o.path)})}`);
    return undefined;
  });
}
