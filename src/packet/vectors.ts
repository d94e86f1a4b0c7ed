/**
 * Reads the decode_packet/3 vectors recorded from real Erlang
 * (fixtures/decode-packet/vectors-otp*.json, written by
 * fixtures/decode-packet/decode_packet_record.erl; the term encoding is
 * described there and in each file's "format" field). Test support only.
 */
import { readFileSync } from 'node:fs';
import type { TermBuilder } from './decode-packet.js';

/** A term as the vector files encode it (binaries always as {"b": hex} once normalised). */
export type JsonTerm = number | { a: string } | { b: string } | { s: string } | { l: JsonTerm[] } | JsonTerm[];

export interface Vector {
  name: string;
  type: string | number;
  bin: Buffer;
  opts: Array<[string, number]>;
  result: { return: JsonTerm } | { raise: string; reason: JsonTerm } | { crash: string };
}

export interface VectorFile {
  otp: number;
  erts: string;
  vectors: Vector[];
}

interface RawVector {
  name: string;
  type: JsonTerm;
  bin: RawBinary;
  opts: Array<[string, number]>;
  result: { return: JsonTerm } | { raise: string; reason: JsonTerm } | { crash: string };
}
type RawBinary = { b: string } | { br: Array<[string, number]> };

export const RECORDED_RELEASES = [25, 27, 29] as const;

function binary(j: RawBinary): Buffer {
  if ('b' in j) return Buffer.from(j.b, 'hex');
  return Buffer.concat(j.br.flatMap(([hex, n]) => Array.from({ length: n }, () => Buffer.from(hex, 'hex'))));
}

/** Rewrites {"br": ...} binaries as {"b": hex}, recursively. */
function normalise(t: unknown): JsonTerm {
  if (typeof t === 'number') return t;
  if (Array.isArray(t)) return t.map(normalise);
  const o = t as Record<string, unknown>;
  if ('br' in o) return { b: binary(o as RawBinary).toString('hex') };
  if ('l' in o) return { l: (o.l as unknown[]).map(normalise) };
  return o as JsonTerm;
}

const cache = new Map<number, VectorFile>();

export function loadVectors(otp: number): VectorFile {
  const hit = cache.get(otp);
  if (hit) return hit;
  const url = new URL(`../../fixtures/decode-packet/vectors-otp${otp}.json`, import.meta.url);
  const raw = JSON.parse(readFileSync(url, 'utf8')) as { otp: string; erts: string; vectors: RawVector[] };
  const file: VectorFile = {
    otp: Number(raw.otp),
    erts: raw.erts,
    vectors: raw.vectors.map((v) => ({
      name: v.name,
      type: typeof v.type === 'number' ? v.type : (v.type as { a: string }).a,
      bin: binary(v.bin),
      opts: v.opts,
      result: 'return' in v.result ? { return: normalise(v.result.return) } : v.result,
    })),
  };
  cache.set(otp, file);
  return file;
}

/** Builds the vector files' term encoding (binaries as {"b": hex}). */
export const jsonTerms: TermBuilder<JsonTerm> = {
  atom: (a) => ({ a }),
  integer: (n) => n,
  binary: (b) => ({ b: b.toString('hex') }),
  string: (s) => ({ s }),
  tuple: (items) => items,
  nil: () => ({ s: '' }),
};
