/** iodata() to bytes, and the packet header send adds, as port_command and inet_drv do. */
import { ErlangExit } from '../erlang/errors.js';
import type { PacketType } from '../options/types.js';

/** Data gen_tcp:send/2 takes: a binary, a string, or a nested list of bytes, binaries and strings. */
export type IoData = Buffer | Uint8Array | string | IoList;
/** A nested list of bytes, binaries and strings (an iolist). */
export interface IoList extends ReadonlyArray<number | Buffer | Uint8Array | string | IoList> {}

/** The bytes of iodata; anything else exits with badarg, as port_command does. */
export function iodataToBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  // A bare integer is a byte inside a list, never iodata on its own.
  if (typeof data === 'number') throw new ErlangExit('badarg');
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const parts: Buffer[] = [];
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) parts.push(Buffer.from(bytes.splice(0)));
  };
  const take = (x: unknown): void => {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0 || x > 255) throw new ErlangExit('badarg');
      bytes.push(x);
    } else if (typeof x === 'string') {
      for (let i = 0; i < x.length; i++) {
        const c = x.charCodeAt(i);
        if (c > 255) throw new ErlangExit('badarg');
        bytes.push(c);
      }
    } else if (x instanceof Uint8Array) {
      flush();
      parts.push(Buffer.from(x.buffer, x.byteOffset, x.byteLength));
    } else throw new ErlangExit('badarg');
  };
  // Depth-first with a stack of its own: Erlang sends iolists nested a million deep, which
  // would overflow JavaScript's call stack if walked by recursion.
  const lists: Array<readonly unknown[]> = [];
  const next: number[] = [];
  if (Array.isArray(data)) {
    lists.push(data);
    next.push(0);
  } else take(data);
  while (lists.length > 0) {
    const top = lists.length - 1;
    const list = lists[top]!;
    const i = next[top]!;
    if (i === list.length) {
      lists.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const x = list[i];
    if (Array.isArray(x)) {
      lists.push(x);
      next.push(0);
    } else take(x);
  }
  flush();
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** The header {packet,1|2|4} puts before each sent packet. A length too big for it wraps, as inet_drv's does. */
export function packetHeader(packet: PacketType, length: number): Buffer {
  const size = packet === 1 ? 1 : packet === 2 ? 2 : packet === 4 ? 4 : 0;
  if (size === 0) return Buffer.alloc(0);
  const h = Buffer.alloc(size);
  h.writeUIntBE(length % 2 ** (8 * size), 0, size);
  return h;
}

/** The payload with the {packet,1|2|4} header before it, in one Buffer (packetHeader's bytes, then the payload). */
export function withPacketHeader(packet: PacketType, payload: Buffer): Buffer {
  const size = packet === 1 ? 1 : packet === 2 ? 2 : packet === 4 ? 4 : 0;
  if (size === 0) return payload;
  const out = Buffer.allocUnsafe(size + payload.length);
  const n = payload.length;
  if (size === 4) out.writeUInt32BE(n % 2 ** 32, 0);
  else if (size === 2) out.writeUInt16BE(n & 0xffff, 0);
  else out[0] = n & 0xff;
  out.set(payload, size);
  return out;
}
