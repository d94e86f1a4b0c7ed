/** Cutting received bytes into what one delivery carries, per {packet, Type}. */
import type { Profile } from '../profile/profiles.js';
import type { SocketOptions } from '../options/types.js';
import type { ChunkQueue } from './chunks.js';

export type Frame =
  | { kind: 'data'; bytes: Buffer }
  | { kind: 'http'; packet: unknown }
  | { kind: 'error'; reason: string };

const HEADER_SIZE: Record<string, number> = { '1': 1, '2': 2, '4': 4 };

/**
 * The next complete frame in `rx`, or undefined when more bytes are needed.
 * `length` is recv's Length in raw mode (0: whatever is there).
 */
export function nextFrame(rx: ChunkQueue, o: SocketOptions, p: Profile, length = 0): Frame | undefined {
  const packet = String(o.packet);
  if (packet === '0' || packet === 'raw') {
    if (rx.length === 0) return undefined;
    if (length > 0) return rx.length >= length ? { kind: 'data', bytes: rx.take(length) } : undefined;
    return { kind: 'data', bytes: rx.takeAll() };
  }
  const hs = HEADER_SIZE[packet];
  if (hs !== undefined) {
    if (rx.length < hs) return undefined;
    const size = rx.peek(hs).readUIntBE(0, hs);
    if (o.packet_size > 0 && size > o.packet_size) return { kind: 'error', reason: 'emsgsize' };
    if (rx.length < hs + size) return undefined;
    rx.take(hs);
    return { kind: 'data', bytes: rx.take(size) };
  }
  if (packet === 'line') {
    const limit = p.longLine === 'split' ? o.buffer : rx.length;
    const i = rx.indexOf(o.line_delimiter, limit);
    if (i >= 0) return { kind: 'data', bytes: rx.take(i + 1) };
    if (p.longLine === 'split' && o.buffer > 0 && rx.length >= o.buffer) return { kind: 'data', bytes: rx.take(o.buffer) };
    return undefined;
  }
  return decodeOther(rx, o);
}

/** Packet types decode_packet handles (asn1, cdr, sunrm, fcgi, tpkt, http*). */
let decodeOther: (rx: ChunkQueue, o: SocketOptions) => Frame | undefined = () => ({ kind: 'error', reason: 'einval' });

export function setOtherDecoder(f: typeof decodeOther): void {
  decodeOther = f;
}
