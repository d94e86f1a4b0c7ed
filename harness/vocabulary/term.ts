/**
 * The harness's model of Erlang terms.
 * Atoms are JS strings and tuples are JS arrays, because those are by far the
 * most common shapes in traces; everything else has a small class of its own.
 */

export type Term =
  | string // atom
  | number // integer (safe range)
  | bigint // integer beyond the safe range
  | Float
  | Term[] // tuple
  | List
  | Buffer // binary
  | Pid
  | Port
  | Ref
  | ErlMap
  | Named
  | Opaque;

export class Float {
  constructor(readonly value: number) {}
}

/** A proper (or improper, with `tail`) Erlang list. */
export class List {
  constructor(
    readonly items: Term[],
    readonly tail: Term | null = null,
  ) {}
}

/** An Erlang pid as it came over the wire; `text` is its printed form. */
export class Pid {
  constructor(
    readonly node: string,
    readonly id: number,
    readonly serial: number,
    readonly creation: number,
  ) {}
  get text(): string {
    return `<${this.node}.${this.id}.${this.serial}>`;
  }
}

export class Port {
  constructor(
    readonly node: string,
    readonly id: bigint,
    readonly creation: number,
  ) {}
  get text(): string {
    return `#Port<${this.node}.${this.id}>`;
  }
}

export class Ref {
  constructor(
    readonly node: string,
    readonly ids: number[],
    readonly creation: number,
  ) {}
  get text(): string {
    return `#Ref<${this.node}.${this.ids.join('.')}>`;
  }
}

export class ErlMap {
  constructor(readonly entries: Array<[Term, Term]>) {}
}

/** A socket, process or port number after normalisation (or a reference to one in a scenario). */
export class Named {
  constructor(
    readonly kind: 'sock' | 'pid' | 'port' | 'ref',
    readonly name: string,
  ) {}
}

/** A term the harness does not model (a fun, a bit string); kept as printed text. */
export class Opaque {
  constructor(readonly text: string) {}
}

export const atom = (name: string): string => name;
export const tuple = (...items: Term[]): Term[] => items;
export const list = (...items: Term[]): List => new List(items);
export const bin = (data: string | Uint8Array): Buffer =>
  typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
export const str = (text: string): List => new List(Array.from(Buffer.from(text, 'latin1')));

export const isTuple = (t: Term): t is Term[] => Array.isArray(t);
export const isAtom = (t: Term, name?: string): t is string =>
  typeof t === 'string' && (name === undefined || t === name);
export const isBinary = (t: Term): t is Buffer => Buffer.isBuffer(t);

/** True when `t` is a tuple whose first element is the atom `tag`. */
export function isTagged(t: Term, tag: string, arity?: number): t is Term[] {
  return Array.isArray(t) && t[0] === tag && (arity === undefined || t.length === arity);
}

/** True for a proper list of integers 0..255 (an Erlang "string" of bytes). */
export function isByteList(t: Term): t is List {
  return (
    t instanceof List &&
    t.tail === null &&
    t.items.every((i) => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i <= 255)
  );
}

/** Structural equality, the same as Erlang's `=:=`. */
export function termEquals(a: Term, b: Term): boolean {
  return termKey(a) === termKey(b);
}

/** A canonical string for a term: equal terms give equal keys. */
export function termKey(t: Term): string {
  if (typeof t === 'string') return `'${t}'`;
  if (typeof t === 'number') return String(t);
  if (typeof t === 'bigint') return t.toString();
  if (Array.isArray(t)) return `{${t.map(termKey).join(',')}}`;
  if (Buffer.isBuffer(t)) return `<<${t.toString('hex')}>>`;
  if (t instanceof Float) return `${t.value}f`;
  if (t instanceof List) return `[${t.items.map(termKey).join(',')}${t.tail === null ? '' : `|${termKey(t.tail)}`}]`;
  if (t instanceof Pid || t instanceof Port || t instanceof Ref) return `${t.constructor.name}:${t.text}:${t.creation}`;
  if (t instanceof ErlMap)
    return `#{${t.entries
      .map(([k, v]) => `${termKey(k)}=>${termKey(v)}`)
      .sort()
      .join(',')}}`;
  if (t instanceof Named) return `${t.kind}:${t.name}`;
  return `opaque:${t.text}`;
}

/** Rebuilds a term bottom-up; `fn` sees each subterm after its children were mapped. */
export function mapTerm(t: Term, fn: (t: Term) => Term): Term {
  let out: Term = t;
  if (Array.isArray(t)) out = t.map((x) => mapTerm(x, fn));
  else if (t instanceof List) out = new List(t.items.map((x) => mapTerm(x, fn)), t.tail === null ? null : mapTerm(t.tail, fn));
  else if (t instanceof ErlMap) out = new ErlMap(t.entries.map(([k, v]) => [mapTerm(k, fn), mapTerm(v, fn)]));
  return fn(out);
}

/** Visits every subterm, parents before children. */
export function walkTerm(t: Term, fn: (t: Term) => void): void {
  fn(t);
  if (Array.isArray(t)) t.forEach((x) => walkTerm(x, fn));
  else if (t instanceof List) {
    t.items.forEach((x) => walkTerm(x, fn));
    if (t.tail !== null) walkTerm(t.tail, fn);
  } else if (t instanceof ErlMap) t.entries.forEach(([k, v]) => (walkTerm(k, fn), walkTerm(v, fn)));
}
