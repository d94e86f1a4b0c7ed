/** Cutting received bytes into what one delivery carries, per {packet, Type}. */
import type { Profile } from '../profile/profiles.js';
import type { SocketOptions } from '../options/types.js';
import type { ChunkQueue } from './chunks.js';
import { decode_packet } from '../packet/decode-packet.js';

export type Frame =
  /** `header`: the {packet,1|2|4} header's bytes, which getstat's recv_max counts. */
  | { kind: 'data'; bytes: Buffer; header?: number }
  | { kind: 'http'; packet: unknown }
  /**
   * `skip`: the bytes of the refused packet, for a backend that drops it and goes on;
   * `consume`: bytes the socket drops whatever the mode; `lengthPrefixed`: a {packet,1|2|4} header said so.
   */
  | { kind: 'error'; reason: 'emsgsize'; skip?: number; consume?: number; lengthPrefixed?: boolean; unterminated?: boolean };

/** A packet refused as too big. */
export type RefusedFrame = Extract<Frame, { kind: 'error' }>;

const HEADER_SIZE: Record<string, number> = { '1': 1, '2': 2, '4': 4 };

/** {packet, 0} or {packet, raw} (as `['0', 'raw'].includes(String(p))`, without making a string or an array). */
export const isRawPacket = (p: unknown): boolean => p === 0 || p === 'raw' || p === '0';

/** {packet, line}: a line longer than `buffer` is cut at `buffer` (inet) or kept whole (socket). */
export type LongLine = 'split' | 'whole';

/**
 * The next complete frame in `rx`, or undefined when more bytes are needed.
 * `length` is recv's Length in raw mode (0: whatever is there).
 */
export function nextFrame(rx: ChunkQueue, o: SocketOptions, p: Profile, longLine: LongLine, http: HttpState, length = 0): Frame | undefined {
  const packet = String(o.packet);
  if (packet === '0' || packet === 'raw') {
    if (rx.length === 0) return undefined;
    if (length > 0) return rx.length >= length ? { kind: 'data', bytes: rx.take(length) } : undefined;
    // One delivery (an active message, or recv(S, 0)) carries at most `buffer` bytes.
    return { kind: 'data', bytes: rx.take(Math.max(1, o.buffer)) };
  }
  const hs = HEADER_SIZE[packet];
  if (hs !== undefined) {
    if (rx.length < hs) return undefined;
    const size = rx.uintBE(hs);
    // packet_parser's total (header + length) is a signed int: past 2^31 - 1 it is refused, whatever packet_size.
    if (p.lengthOverflow === 'emsgsize' && hs + size > 0x7fffffff) return { kind: 'error', reason: 'emsgsize', lengthPrefixed: true };
    if (o.packet_size > 0 && size > o.packet_size) return { kind: 'error', reason: 'emsgsize', skip: hs + size, lengthPrefixed: true };
    if (rx.length < hs + size) return undefined;
    rx.skip(hs);
    return { kind: 'data', bytes: rx.take(size), header: hs };
  }
  if (packet === 'line') return nextLine(rx, o, p, longLine);
  return decodeOther(rx, o, p, http);
}

/** Where a socket in an http mode is: expecting a request/status line, or header lines. */
export interface HttpState {
  headers: boolean;
}

/** asn1, cdr, sunrm, fcgi, tpkt and the http modes: erlang:decode_packet/3 on what has arrived. */
function decodeOther(rx: ChunkQueue, o: SocketOptions, p: Profile, http: HttpState): Frame | undefined {
  if (rx.length === 0) return undefined;
  let type = String(o.packet);
  const isHttp = type.startsWith('http');
  // The socket reads header lines in httph mode after the first line, as inet_drv switches itself.
  if (isHttp && http.headers) type = type.endsWith('_bin') ? 'httph_bin' : 'httph';
  const bytes = rx.peek(rx.length);
  const opts: Array<[string, number]> = o.packet_size > 0 ? [['packet_size', o.packet_size]] : [];
  const r = decode_packet(type, bytes, opts, { otp: Number(p.otp) });
  if (r[0] === 'more') return undefined;
  // The socket reports a packet decode_packet calls invalid as emsgsize, in every mode.
  if (r[0] === 'error') return { kind: 'error', reason: 'emsgsize' };
  rx.take(bytes.length - r[2].length);
  if (!isHttp) return { kind: 'data', bytes: Buffer.from(r[1] as Buffer) };
  const packet = r[1];
  if (Array.isArray(packet) && (packet[0] === 'http_request' || packet[0] === 'http_response')) http.headers = true;
  if (packet === 'http_eoh') http.headers = false;
  return { kind: 'http', packet };
}

/**
 * {packet, line}. inet cuts a line longer than `buffer` into buffer-sized pieces
 * (each a packet); socket keeps it whole. packet_size bounds a line: longer is emsgsize.
 */
function nextLine(rx: ChunkQueue, o: SocketOptions, p: Profile, longLine: LongLine): Frame | undefined {
  const split = longLine === 'split' && o.buffer > 0;
  const window = split ? Math.min(o.buffer, rx.length) : rx.length;
  const i = rx.indexOf(o.line_delimiter, window);
  const limit = o.packet_size;
  const tooLong = (n: number): boolean => limit > 0 && n > limit;
  // packet_parser: bytes with no delimiter past packet_size are refused before any cut.
  if (rx.indexOf(o.line_delimiter, rx.length) < 0) {
    if (tooLong(rx.length)) return { kind: 'error', reason: 'emsgsize', unterminated: true };
    // gen_tcp_socket's line_length is packet_size: a full unterminated line is a packet.
    if (!split && limit > 0 && rx.length === limit) return { kind: 'data', bytes: rx.take(limit) };
  }
  if (!split && tooLong(i >= 0 ? i + 1 : rx.length)) {
    if (p.lineOverPacketSize === 'split') return { kind: 'data', bytes: rx.take(limit) };
    if (p.lineOverPacketSize === 'drop-read') {
      const reads = Math.ceil((limit + 1) / Math.max(1, o.buffer)) * Math.max(1, o.buffer);
      return { kind: 'error', reason: 'emsgsize', consume: Math.min(rx.length, reads) };
    }
    return { kind: 'error', reason: 'emsgsize', ...(i >= 0 ? { skip: i + 1 } : {}) };
  }
  if (i >= 0) {
    if (tooLong(i + 1)) return { kind: 'error', reason: 'emsgsize', skip: i + 1 };
    return { kind: 'data', bytes: rx.take(i + 1) };
  }
  if (split && rx.length >= o.buffer) {
    if (tooLong(o.buffer)) return { kind: 'error', reason: 'emsgsize' };
    return { kind: 'data', bytes: rx.take(o.buffer) };
  }
  return undefined;
}
