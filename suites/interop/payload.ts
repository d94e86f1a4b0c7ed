/**
 * What both sides of an interop run agree on, in TypeScript: the deterministic payloads, the
 * frames on the wire, and the tallies (packet count, bytes, CRC-32) a sender and a receiver
 * compute. erlang/src/gentcp_interop.erl has the twin of every function here.
 */
import { crc32 } from 'node:zlib';

export type Mode = 'raw' | 1 | 2 | 4 | 'line' | 'http_request' | 'http_response';
export const MODES: Mode[] = ['raw', 1, 2, 4, 'line', 'http_request', 'http_response'];
export type Write = 'whole' | 'coalesced' | 'split';
export type Read = 'passive' | 'once' | true;

/** How a stream ended for the receiver, and what it got: the same shape on both sides. */
export interface Tally {
  count: number;
  bytes: number;
  crc: number;
}

export interface SinkResult extends Tally {
  end: unknown;
  ok: boolean;
}

export interface SourceResult extends Tally {
  handshake?: unknown;
  error?: unknown;
}

const BLOCK = 65536;
const blocks = new Map<'bin' | 'text', Buffer>();

function byte(i: number): number {
  return (i * 197 + (i >> 8) * 101 + ((i >> 3) & 7) * 13) & 255;
}

function block(kind: 'bin' | 'text'): Buffer {
  let b = blocks.get(kind);
  if (!b) {
    b = Buffer.alloc(2 * BLOCK);
    for (let i = 0; i < BLOCK; i++) b[i] = b[i + BLOCK] = kind === 'bin' ? byte(i) : 32 + (byte(i) % 95);
    blocks.set(kind, b);
  }
  return b;
}

/** Packet K of N bytes: the 64 KiB block rotated by K * 7919, repeated as needed. */
export function gen(kind: 'bin' | 'text', k: number, n: number): Buffer {
  const o = (k * 7919) & (BLOCK - 1);
  const b = block(kind);
  if (n <= BLOCK) return b.subarray(o, o + n);
  const out = Buffer.allocUnsafe(n);
  let at = 0;
  let from = o;
  while (at < n) {
    const take = Math.min(n - at, BLOCK - from);
    b.copy(out, at, from, from + take);
    at += take;
    from = 0;
  }
  return out;
}

/** What one packet of a mode is (before framing). */
export function payload(mode: Mode, k: number, n: number): Buffer {
  return gen(mode === 'line' ? 'text' : 'bin', k, n);
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH'];
const STATUS: Array<[number, string]> = [
  [200, 'OK'],
  [201, 'Created'],
  [404, 'Not Found'],
];

function requestLine(k: number): string {
  const uri = k % 3 === 0 ? `/items/${k}?q=${k * 7}` : k % 3 === 1 ? `http://localhost:8080/k/${k}` : '*';
  return `${METHODS[k % 4]} ${uri} HTTP/1.1\r\n`;
}

function statusLine(k: number): string {
  const [code, phrase] = STATUS[k % 3]!;
  return `HTTP/1.1 ${code} ${phrase}\r\n`;
}

/** An HTTP request or response with a Content-Length body of n bytes. */
export function httpMessage(mode: 'http_request' | 'http_response', k: number, n: number): Buffer {
  const body = gen('bin', k, n);
  const head =
    mode === 'http_request'
      ? `${requestLine(k)}Host: localhost\r\nX-Seq: ${k}\r\nContent-Length: ${n}\r\n\r\n`
      : `${statusLine(k)}Server: gentcp-interop\r\nX-Seq: ${k}\r\nContent-Length: ${n}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** The bytes on the wire for packet K of N bytes. Length headers wrap past their limit, as Erlang's do. */
export function frame(mode: Mode, k: number, n: number): Buffer {
  switch (mode) {
    case 'raw':
      return payload(mode, k, n);
    case 1:
    case 2:
    case 4: {
      const h = Buffer.alloc(mode);
      if (mode === 1) h.writeUInt8(n & 0xff);
      else if (mode === 2) h.writeUInt16BE(n & 0xffff);
      else h.writeUInt32BE(n >>> 0);
      return Buffer.concat([h, payload(mode, k, n)]);
    }
    case 'line':
      return Buffer.concat([payload(mode, k, n), Buffer.from('\n')]);
    default:
      return httpMessage(mode, k, n);
  }
}

/** What a receiver should deliver for packet K: the payload (line: with its newline; http: the whole text). */
export function delivered(mode: Mode, k: number, n: number): Buffer {
  if (mode === 'line' || mode === 'http_request' || mode === 'http_response') return frame(mode, k, n);
  return payload(mode, k, n);
}

export const emptyTally = (): Tally => ({ count: 0, bytes: 0, crc: 0 });

/** Adds one received raw chunk. */
export function addRaw(t: Tally, data: Buffer): void {
  t.bytes += data.length;
  t.crc = crc32(data, t.crc);
}

/** Adds one received framed packet: the CRC runs over <<Len:32, Packet>>, so boundaries count. */
export function addPacket(t: Tally, data: Buffer): void {
  const h = Buffer.alloc(4);
  h.writeUInt32BE(data.length);
  t.count += 1;
  t.bytes += data.length;
  t.crc = crc32(data, crc32(h, t.crc));
}

/** The sender's tally for packet K, in the receiver's terms (http: the body counts as bytes). */
export function addSent(t: Tally, mode: Mode, k: number, n: number): void {
  if (mode === 'raw') return addRaw(t, payload(mode, k, n));
  if (mode === 'http_request' || mode === 'http_response') {
    const m = httpMessage(mode, k, n);
    t.count += 1;
    t.bytes += n;
    t.crc = crc32(m, t.crc);
    return;
  }
  addPacket(t, delivered(mode, k, n));
}

/** The tally a sender of `sizes` (packets first, first+1, ...) expects the receiver to report. */
export function expectedTally(mode: Mode, sizes: number[], first = 0): Tally {
  const t = emptyTally();
  sizes.forEach((n, i) => addSent(t, mode, first + i, n));
  return t;
}

/** Summary of many connections (pool and echo clients and servers, on either side). */
export interface Summary {
  connections: number;
  ok: number;
  messages: number;
  bytes: number;
  failures: unknown[];
  ms: number;
}

/** A small seeded PRNG (mulberry32), so a run's sizes can be repeated from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** GENTCP_INTEROP=full runs the big forms (64 MiB streams, 1,000 × 1 MiB connections). */
export const FULL = process.env.GENTCP_INTEROP === 'full';
