/**
 * Scenario terms (harness/scenario/schema.ts TermIn) as source text: Erlang
 * literals for repro.escript, JavaScript values for repro.mjs. The JavaScript
 * forms are the values harness/runner/ts-executor.ts hands gentcp for the same
 * term, so a generated call is the call the harness made.
 */
import type { TermIn } from '../scenario/schema.js';

const ERLANG_RESERVED = new Set([
  'after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl', 'bsr', 'bxor', 'case', 'catch', 'cond', 'div', 'else', 'end',
  'fun', 'if', 'let', 'maybe', 'not', 'of', 'or', 'orelse', 'receive', 'rem', 'try', 'when', 'xor',
]);

/** An Erlang atom literal. */
export function erlAtom(name: string): string {
  if (/^[a-z][A-Za-z0-9_@]*$/.test(name) && !ERLANG_RESERVED.has(name)) return name;
  return `'${escapeErl(name, "'")}'`;
}

function escapeErl(s: string, quote: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 32 || c === 127 || (c > 127 && c < 256)) out += `\\x{${c.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return out;
}

/** An Erlang string literal: one char per byte (latin1). */
export const erlString = (s: string): string => `"${escapeErl(s, '"')}"`;
/** An Erlang binary literal from latin1 text. */
export const erlBinary = (s: string): string => (s === '' ? '<<>>' : `<<${erlString(s)}>>`);

function erlFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`no Erlang literal for the float ${x}`);
  const s = String(x);
  if (/e/i.test(s)) {
    const [m, e] = s.split(/e/i) as [string, string];
    return `${m.includes('.') ? m : `${m}.0`}e${e.replace('+', '')}`;
  }
  return s.includes('.') ? s : `${s}.0`;
}

const isByte = (x: TermIn): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255;

export type ErlMode = 'arg' | 'pattern';

/**
 * A scenario term as an Erlang expression. In `arg` mode placeholders call the
 * script's helpers (sock('L'), pid(client), portof('L'), fill_bytes(N), path(x));
 * in `pattern` mode names stay names ({'$sock','L'}...), as await matches named messages.
 */
export function erlTerm(t: TermIn, mode: ErlMode = 'arg'): string {
  const rec = (x: TermIn): string => erlTerm(x, mode);
  if (t === null) return 'undefined';
  if (typeof t === 'boolean') return String(t);
  if (typeof t === 'string') return erlAtom(t);
  if (typeof t === 'number') return String(t);
  if (Array.isArray(t)) return `{${t.map(rec).join(', ')}}`;
  if ('list' in t) {
    if (t.tail === undefined) {
      if (t.list.length > 0 && t.list.every(isByte) && t.list.every((c) => c >= 32 && c < 127)) return erlString(String.fromCharCode(...(t.list as number[])));
      return `[${t.list.map(rec).join(', ')}]`;
    }
    if (t.list.length === 0) return rec(t.tail);
    return `[${t.list.map(rec).join(', ')} | ${rec(t.tail)}]`;
  }
  if ('str' in t) return t.str === '' ? '[]' : erlString(t.str);
  if ('bin' in t) return erlBinary(t.bin);
  if ('float' in t) return erlFloat(t.float);
  if ('int' in t) return t.int;
  if ('map' in t) return `#{${t.map.map(([k, v]) => `${rec(k)} => ${rec(v)}`).join(', ')}}`;
  if ('sock' in t) return mode === 'arg' ? `sock(${erlAtom(t.sock)})` : `{'$sock', ${erlAtom(t.sock)}}`;
  if ('pid' in t) return mode === 'arg' ? `pid(${erlAtom(t.pid)})` : `{'$pid', ${erlAtom(t.pid)}}`;
  if ('portOf' in t) return mode === 'arg' ? `portof(${erlAtom(t.portOf)})` : `{'$port', ${erlAtom(t.portOf)}}`;
  if ('fill' in t) return `fill_bytes(${t.fill})`;
  if ('path' in t) return `path(${erlAtom(t.path)})`;
  throw new Error(`no Erlang literal for ${JSON.stringify(t)}`);
}

/** Listen/connect options with {inet_backend, B} first, as the runner prepends it (only to a proper list). */
export function erlOptsWithBackend(t: TermIn, backend: string): string {
  if (t !== null && typeof t === 'object' && !Array.isArray(t)) {
    if ('list' in t && t.tail === undefined) return `[${[`{inet_backend, ${backend}}`, ...t.list.map((x) => erlTerm(x))].join(', ')}]`;
    if ('str' in t) return t.str === '' ? `[{inet_backend, ${backend}}]` : `[{inet_backend, ${backend}} | ${erlString(t.str)}]`;
  }
  return erlTerm(t);
}

/** A JavaScript string literal that keeps latin1 bytes readable and the file ASCII. */
export function jsString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 32 || (c >= 127 && c < 256)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 256) out += c > 0xffff ? `\\u{${c.toString(16)}}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/**
 * A scenario term as the JavaScript value ts-executor's js() makes of it:
 * atoms are strings (true/false booleans), tuples arrays, byte strings latin1
 * strings, other lists arrays (an improper tail is dropped), binaries Buffers.
 */
export function jsTerm(t: TermIn): string {
  if (t === true || t === 'true') return 'true';
  if (t === false || t === 'false') return 'false';
  if (t === null) return "'undefined'";
  if (typeof t === 'string') return jsString(t);
  if (typeof t === 'number') return String(t);
  if (Array.isArray(t)) return `[${t.map(jsTerm).join(', ')}]`;
  if ('list' in t) {
    if (t.tail === undefined && t.list.length > 0 && t.list.every(isByte)) return jsString(String.fromCharCode(...(t.list as number[])));
    return `[${t.list.map(jsTerm).join(', ')}]`;
  }
  if ('str' in t) return t.str === '' ? '[]' : jsString(t.str);
  if ('bin' in t) return `bin(${jsString(t.bin)})`;
  if ('float' in t) return String(t.float);
  if ('int' in t) return String(Number(t.int));
  if ('sock' in t) return `sock(${jsString(t.sock)})`;
  if ('pid' in t) return `pid(${jsString(t.pid)})`;
  if ('portOf' in t) return `portOf(${jsString(t.portOf)})`;
  if ('fill' in t) return `fill(${t.fill})`;
  if ('path' in t) return `path(${jsString(t.path)})`;
  // A map (or anything gentcp has no JS shape for): passed as itself, so gentcp refuses it as Erlang would.
  return `notIoData(${JSON.stringify(t)})`;
}

/** send's data argument as ts-executor's iodata() makes it: simple cases inline, the rest converted at run time. */
export function jsIoData(t: TermIn): string {
  if (typeof t === 'number') return String(t);
  if (t !== null && typeof t === 'object' && !Array.isArray(t)) {
    if ('bin' in t) return `bin(${jsString(t.bin)})`;
    if ('fill' in t) return `fill(${t.fill})`;
    if ('str' in t && t.str !== '') return jsString(t.str);
    if ('list' in t && t.tail === undefined && t.list.length > 0 && t.list.every(isByte)) return jsString(String.fromCharCode(...(t.list as number[])));
  }
  return `iodata(${JSON.stringify(t)})`;
}
