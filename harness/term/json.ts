/**
 * Terms as JSON, for scenario files and recorded traces.
 *   atom "ok" | integer 5 | tuple [..] | list {"list":[..]} | byte string {"str":".."}
 *   binary {"bin":".."} (latin1, one char per byte) | float {"float":1.5} | big {"int":"123"}
 *   map {"map":[[k,v],..]} | named socket {"sock":"S"} | named process {"pid":"client"} | named monitor {"ref":"M"}
 *   raw pid/port/ref {"pid":"<0.80.0>"} {"port":"#Port<0.5>"} {"ref":".."} | other {"opaque":".."}
 * JSON true/false stand for the atoms true/false; null for the atom undefined.
 */
import { createHash } from 'node:crypto';
import { ErlMap, Float, List, Named, Opaque, Pid, Port, Ref, isByteList, type Term } from '../vocabulary/term.js';

export type TermJson =
  | string
  | number
  | boolean
  | null
  | TermJson[]
  | { list: TermJson[]; tail?: TermJson }
  | { str: string }
  | { bin: string; len?: number; sha256?: string }
  | { float: number }
  | { int: string }
  | { map: Array<[TermJson, TermJson]> }
  | { sock: string }
  | { pid: string }
  | { portOf: string }
  | { port: string }
  | { ref: string }
  | { opaque: string };

export interface ToJsonOptions {
  /** Binaries longer than this are shown as head, length and digest. */
  summariseOver?: number;
}

/** The canonical JSON form of a term. */
export function toJson(t: Term, opts: ToJsonOptions = {}): TermJson {
  const rec = (x: Term): TermJson => toJson(x, opts);
  if (typeof t === 'string') return t;
  if (typeof t === 'number') return t;
  if (typeof t === 'bigint') return { int: t.toString() };
  if (Array.isArray(t)) return t.map(rec);
  if (Buffer.isBuffer(t)) {
    const limit = opts.summariseOver;
    if (limit !== undefined && t.length > limit)
      return {
        bin: t.subarray(0, 32).toString('latin1'),
        len: t.length,
        sha256: createHash('sha256').update(t).digest('hex').slice(0, 16),
      };
    return { bin: t.toString('latin1') };
  }
  if (t instanceof Float) return { float: t.value };
  if (t instanceof List) {
    if (t.items.length > 0 && isByteList(t)) return { str: Buffer.from(t.items as number[]).toString('latin1') };
    return t.tail === null ? { list: t.items.map(rec) } : { list: t.items.map(rec), tail: rec(t.tail) };
  }
  if (t instanceof Named) return t.kind === 'sock' ? { sock: t.name } : t.kind === 'pid' ? { pid: t.name } : t.kind === 'ref' ? { ref: t.name } : { portOf: t.name };
  if (t instanceof Pid) return { pid: t.text };
  if (t instanceof Port) return { port: t.text };
  if (t instanceof Ref) return { ref: t.text };
  if (t instanceof ErlMap) return { map: t.entries.map(([k, v]) => [rec(k), rec(v)] as [TermJson, TermJson]) };
  return { opaque: t.text };
}

export class TermJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * Reads the JSON form back into a term. `extra` may claim object forms that are
 * not terms (scenario placeholders such as {"portOf":"L"}); it returns undefined
 * for forms it does not know.
 */
export function fromJson(j: unknown, extra?: (obj: Record<string, unknown>, path: string) => Term | undefined, path = '$'): Term {
  if (typeof j === 'string') return j;
  if (typeof j === 'boolean') return j ? 'true' : 'false';
  if (j === null) return 'undefined';
  if (typeof j === 'number') {
    if (!Number.isInteger(j)) throw new TermJsonError('a non-integer number must be written {"float": x}', path);
    return j;
  }
  if (Array.isArray(j)) return j.map((x, i) => fromJson(x, extra, `${path}[${i}]`));
  if (typeof j !== 'object') throw new TermJsonError(`not a term: ${String(j)}`, path);
  const o = j as Record<string, unknown>;
  const keys = Object.keys(o);
  const claimed = extra?.(o, path);
  if (claimed !== undefined) return claimed;
  const only = (k: string, ...optional: string[]): boolean =>
    k in o && keys.every((x) => x === k || optional.includes(x));
  if (only('list', 'tail')) {
    if (!Array.isArray(o.list)) throw new TermJsonError('"list" must be an array', path);
    const items = o.list.map((x, i) => fromJson(x, extra, `${path}.list[${i}]`));
    return new List(items, 'tail' in o ? fromJson(o.tail, extra, `${path}.tail`) : null);
  }
  if (only('str')) return new List(Array.from(Buffer.from(expectString(o.str, `${path}.str`), 'latin1')));
  if (only('bin')) return Buffer.from(expectString(o.bin, `${path}.bin`), 'latin1');
  // A summarised binary from a normalised trace: its identity is its digest.
  if (only('bin', 'len', 'sha256')) return new Opaque(formatJson(o as TermJson));
  if (only('float')) {
    if (typeof o.float !== 'number') throw new TermJsonError('"float" must be a number', path);
    return new Float(o.float);
  }
  if (only('int')) return BigInt(expectString(o.int, `${path}.int`));
  if (only('map')) {
    if (!Array.isArray(o.map)) throw new TermJsonError('"map" must be an array of [key, value]', path);
    return new ErlMap(
      o.map.map((kv, i) => {
        if (!Array.isArray(kv) || kv.length !== 2) throw new TermJsonError('a map entry must be [key, value]', `${path}.map[${i}]`);
        return [fromJson(kv[0], extra, `${path}.map[${i}][0]`), fromJson(kv[1], extra, `${path}.map[${i}][1]`)];
      }),
    );
  }
  if (only('sock')) return new Named('sock', expectString(o.sock, `${path}.sock`));
  if (only('pid')) return new Named('pid', expectString(o.pid, `${path}.pid`));
  if (only('portOf')) return new Named('port', expectString(o.portOf, `${path}.portOf`));
  if (only('ref')) return new Named('ref', expectString(o.ref, `${path}.ref`));
  if (only('opaque')) return new Opaque(expectString(o.opaque, `${path}.opaque`));
  throw new TermJsonError(`unknown term form with keys ${JSON.stringify(keys)}`, path);
}

function expectString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new TermJsonError('must be a string', path);
  return v;
}

/** Erlang-style text for a term, for diffs and terminal output. */
export function formatTerm(t: Term, opts: ToJsonOptions = {}): string {
  return formatJson(toJson(t, opts));
}

/** Erlang-style text for a term already in its JSON form. */
export function formatJson(j: TermJson): string {
  if (typeof j === 'string') return /^[a-z][A-Za-z0-9_@]*$/.test(j) ? j : `'${j.replace(/'/g, "\\'")}'`;
  if (typeof j === 'number') return String(j);
  if (typeof j === 'boolean') return String(j);
  if (j === null) return 'undefined';
  if (Array.isArray(j)) return `{${j.map(formatJson).join(',')}}`;
  if ('list' in j) return `[${j.list.map(formatJson).join(',')}${j.tail === undefined ? '' : `|${formatJson(j.tail)}`}]`;
  if ('str' in j) return JSON.stringify(j.str);
  if ('bin' in j) {
    const body = `<<${JSON.stringify(j.bin)}>>`;
    return j.len === undefined ? body : `<<${JSON.stringify(j.bin)}…:${j.len} bytes sha256:${j.sha256}>>`;
  }
  if ('float' in j) return String(j.float);
  if ('int' in j) return j.int;
  // Map key order is the VM's (it changed after OTP 25): print sorted so equal maps print alike.
  if ('map' in j) return `#{${j.map.map(([k, v]) => `${formatJson(k)}=>${formatJson(v)}`).sort().join(',')}}`;
  if ('sock' in j) return j.sock;
  if ('pid' in j) return j.pid.startsWith('<') ? j.pid : `<${j.pid}>`;
  if ('portOf' in j) return `port(${j.portOf})`;
  if ('port' in j) return j.port;
  // A raw reference prints as Erlang prints it; a named one (a monitor a step bound) by its name.
  if ('ref' in j) return j.ref.startsWith('#') ? j.ref : `ref(${j.ref})`;
  return j.opaque;
}
