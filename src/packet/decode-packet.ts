/**
 * `erlang:decode_packet/3` in TypeScript: the packet framing of gen_tcp's
 * `{packet, Type}` option, with the same results as the BIF for every packet
 * type and option. Written against vectors recorded from real Erlang (OTP 25,
 * 27 and 29: fixtures/decode-packet/), not from the documentation.
 *
 * Value conventions: atoms are JS strings, tuples are arrays, binaries are
 * Buffers, Erlang strings (http/httph mode) are latin1 JS strings, integers
 * are numbers. `{ok, Packet, Rest}` is `['ok', packet, rest]`, `{more, N}` is
 * `['more', n]` or `['more', 'undefined']`, `{error, invalid}` is
 * `['error', 'invalid']`. Bad arguments throw ErlangError('badarg').
 *
 * Packet and Rest share memory with the input (as Erlang's sub-binaries do):
 * do not modify the input afterwards if you keep them.
 *
 * Like the BIF, it is not always prefix-stable: with packet_size (or, for
 * HTTP, line_length) 1, "\r\n" is http_eoh while "\r" alone is invalid; and
 * for line with line_length <= packet_size a line longer than packet_size is
 * invalid when its delimiter is in the buffer but comes out in line_length
 * pieces while it is not. (Recorded from Erlang; see the property tests.)
 *
 * Releases differ in two corners (see DecodeCompat): how an absoluteURI with
 * an IPv6 literal host is split, and what a length field near 2^32 gives with
 * a `{packet_size, N}` near 2^32. Where OTP 26+ crashes the VM (a 4-byte
 * length of 2^32-3 .. 2^32-1 allowed by packet_size, or an SSL v2 hello of
 * length 0) this returns `['error', 'invalid']`.
 */
import { ErlangError } from './errors.js';
import { HTTP_HEADER_ATOMS as HTTP_HEADER_SET, HTTP_METHOD_ATOMS as HTTP_METHOD_SET } from './http-atoms.js';
import { parseHttpPacket, type HttpPacket, type HttpString } from './http.js';
import { decodeRules, defaultOtp, type DecodeRules } from '../profile/profiles.js';

export { ErlangError } from './errors.js';
export {
  HTTP_HEADER_ATOMS,
  HTTP_HEADER_NAMES,
  HTTP_METHOD_ATOMS,
  HTTP_METHOD_NAMES,
  httpHeaderBit,
  isHttpHeaderAtom,
  isHttpMethodAtom,
  type HttpHeaderAtom,
  type HttpMethodAtom,
} from './http-atoms.js';
export type { HttpError, HttpHeader, HttpPacket, HttpRequest, HttpResponse, HttpString, HttpUri } from './http.js';

/** Packet types whose packets are plain binaries. */
export type BinaryPacketType = 'raw' | 0 | 1 | 2 | 4 | 'asn1' | 'cdr' | 'sunrm' | 'fcgi' | 'tpkt' | 'line';
/** HTTP packet types whose HttpStrings are latin1 JS strings. */
export type HttpListPacketType = 'http' | 'httph';
/** HTTP packet types whose HttpStrings are Buffers. */
export type HttpBinPacketType = 'http_bin' | 'httph_bin';
/**
 * Every type decode_packet/3 accepts. 'ssl_tls' is accepted by the BIF though
 * not documented; its packet is `['ssl_tls', [], ContentType, [Major, Minor], Data]`
 * where the `[]` is Erlang's empty list.
 */
export type PacketType = BinaryPacketType | HttpListPacketType | HttpBinPacketType | 'ssl_tls';

export const PACKET_TYPES: readonly PacketType[] = [
  'raw', 0, 1, 2, 4, 'asn1', 'cdr', 'sunrm', 'fcgi', 'tpkt', 'line', 'http', 'http_bin', 'httph', 'httph_bin', 'ssl_tls',
];

/** `{packet_size, N}` | `{line_length, N}` | `{line_delimiter, Char}` (line only). */
export type PacketOption = ['packet_size', number] | ['line_length', number] | ['line_delimiter', number];

/** `{ssl_tls, [], ContentType, {Major, Minor}, Data}`; `[]` is Erlang's empty list. */
export type SslTlsPacket = ['ssl_tls', [], number, [number, number], Buffer];

/** A packet decode_packet gives: a binary, an HttpPacket, or an ssl_tls record. */
export type Packet = Buffer | HttpPacket | SslTlsPacket;

/** `{ok, Packet, Rest} | {more, Length | undefined} | {error, invalid}` */
export type DecodeResult<P extends Packet = Packet> = ['ok', P, Buffer] | ['more', number | 'undefined'] | ['error', 'invalid'];

/** Which Erlang/OTP release's behaviour to give where releases differ. */
export interface DecodeCompat {
  /**
   * Release number; default: the release the library emulates (setEmulatedOtp,
   * as for sockets). 26 and later: IPv6 hosts in absoluteURI
   * (`http://[::1]:80/` gives host "[::1]", port 80; 25 gives host "[" and no
   * port) and 32-bit wrap of header + length when `{packet_size, N}` allows
   * lengths near 2^32 (25 rejects those). Recorded on 25, 27 and 29; 26 is
   * assumed to behave as 27 (the profile's decodeRules).
   */
  otp?: number;
}

/** The release's rules: the one asked for, else the one the library emulates. */
const rulesFor = (compat: DecodeCompat): DecodeRules => decodeRules(compat.otp ?? Number(defaultOtp()));

enum Kind {
  Raw,
  Pkt1,
  Pkt2,
  Pkt4,
  Asn1,
  Sunrm,
  Cdr,
  Fcgi,
  Line,
  Tpkt,
  Http,
  HttpH,
  HttpBin,
  HttpHBin,
  SslTls,
}

function kindOf(type: unknown): Kind {
  switch (type) {
    case 'raw':
    case 0:
      return Kind.Raw;
    case 1:
      return Kind.Pkt1;
    case 2:
      return Kind.Pkt2;
    case 4:
      return Kind.Pkt4;
    case 'asn1':
      return Kind.Asn1;
    case 'sunrm':
      return Kind.Sunrm;
    case 'cdr':
      return Kind.Cdr;
    case 'fcgi':
      return Kind.Fcgi;
    case 'line':
      return Kind.Line;
    case 'tpkt':
      return Kind.Tpkt;
    case 'http':
      return Kind.Http;
    case 'httph':
      return Kind.HttpH;
    case 'http_bin':
      return Kind.HttpBin;
    case 'httph_bin':
      return Kind.HttpHBin;
    case 'ssl_tls':
      return Kind.SslTls;
    default:
      throw new ErlangError('badarg');
  }
}

/** Validated options: 0 means "no limit", as in the BIF. */
export interface FramingOptions {
  packetSize: number;
  lineLength: number;
  delimiter: number;
}

function parseOptions(kind: Kind, opts: unknown): FramingOptions {
  const o: FramingOptions = { packetSize: 0, lineLength: 0, delimiter: 10 };
  if (!Array.isArray(opts)) throw new ErlangError('badarg');
  for (const opt of opts as unknown[]) {
    if (!Array.isArray(opt) || opt.length !== 2) throw new ErlangError('badarg');
    const [key, val] = opt as [unknown, unknown];
    if (typeof val !== 'number' || !Number.isInteger(val) || val < 0 || val > 0xffffffff) throw new ErlangError('badarg');
    if (key === 'packet_size') o.packetSize = val;
    else if (key === 'line_length') o.lineLength = val;
    else if (key === 'line_delimiter' && kind === Kind.Line && val <= 255) o.delimiter = val;
    else throw new ErlangError('badarg');
  }
  return o;
}

const INT_MAX = 0x7fffffff;

/** The `remain:` exit of packet_get_length: header + body length, checked. */
function remain(hlen: number, plen: number, maxPlen: number, rules: DecodeRules): number {
  if (rules.lengthWraps) {
    const max = maxPlen === 0 ? INT_MAX - hlen : maxPlen;
    if (plen > max) return -1;
    return (hlen + plen) | 0; // unsigned sum returned as a C int: may wrap to 0..hlen-1 or go negative
  }
  const tlen = (hlen + plen) | 0;
  if ((maxPlen !== 0 && plen > maxPlen) || tlen < hlen) return -1; // wrap-around protection
  return tlen;
}

/**
 * packet_get_length from erts packet_parser.c: the total length of the first
 * packet in `buf` (> 0), 0 when more data is needed to know it, < 0 when the
 * data is invalid.
 */
function packetLength(kind: Kind, buf: Buffer, o: FramingOptions, rules: DecodeRules): number {
  const n = buf.length;
  const maxPlen = o.packetSize;
  switch (kind) {
    case Kind.Raw:
      return n;
    case Kind.Pkt1:
      return n < 1 ? 0 : remain(1, buf[0]!, maxPlen, rules);
    case Kind.Pkt2:
      return n < 2 ? 0 : remain(2, buf.readUInt16BE(0), maxPlen, rules);
    case Kind.Pkt4:
      return n < 4 ? 0 : remain(4, buf.readUInt32BE(0), maxPlen, rules);
    case Kind.Sunrm:
      return n < 4 ? 0 : remain(4, buf.readUInt32BE(0) & INT_MAX, maxPlen, rules);
    case Kind.Line: {
      const trunc = o.lineLength;
      const at = buf.indexOf(o.delimiter);
      if (at < 0) {
        if (maxPlen !== 0 && n > maxPlen) return -1;
        if (trunc !== 0 && n >= trunc) return trunc;
        return 0;
      }
      const len = at + 1;
      if (maxPlen !== 0 && len > maxPlen) return -1;
      if (trunc !== 0 && len > trunc) return trunc;
      return len;
    }
    case Kind.Asn1: {
      if (n < 2) return 0;
      let i = 1;
      let nn = n - 1;
      if ((buf[0]! & 0x1f) === 0x1f) {
        // long tag: continuation bytes have the top bit set
        while (nn > 0 && (buf[i]! & 0x80) !== 0) {
          i++;
          nn--;
        }
        if (nn < 2) return 0;
        i++;
        nn--;
      }
      const first = buf[i]!;
      let plen: number;
      if ((first & 0x80) !== 0) {
        const count = first & 0x7f;
        i++;
        nn--;
        if (nn < count) return 0;
        switch (count) {
          case 0: // indefinite length: the packet is the tag and length bytes only
            plen = 0;
            break;
          case 1:
            plen = buf[i]!;
            break;
          case 2:
            plen = buf.readUInt16BE(i);
            break;
          case 3:
            plen = buf.readUIntBE(i, 3);
            break;
          case 4:
            plen = buf.readUInt32BE(i);
            break;
          default:
            return -1;
        }
        i += count;
      } else {
        plen = first;
        i++;
      }
      return remain(i, plen, maxPlen, rules);
    }
    case Kind.Cdr: {
      if (n < 12) return 0;
      if (buf[0] !== 0x47 || buf[1] !== 0x49 || buf[2] !== 0x4f || buf[3] !== 0x50) return -1; // "GIOP"
      const plen = (buf[6]! & 1) !== 0 ? buf.readUInt32LE(8) : buf.readUInt32BE(8);
      return remain(12, plen, maxPlen, rules);
    }
    case Kind.Fcgi: {
      if (n < 8) return 0;
      if (buf[0] !== 1) return -1;
      return remain(8, buf.readUInt16BE(4) + buf[6]!, maxPlen, rules);
    }
    case Kind.Tpkt: {
      if (n < 4) return 0;
      if (buf[0] !== 3) return -1;
      return remain(4, (buf.readUInt16BE(2) - 4) >>> 0, maxPlen, rules);
    }
    case Kind.SslTls: {
      if (n < 5) return 0;
      if ((buf[0]! & 0x80) !== 0 && buf[2] === 1) return remain(5, ((buf.readUInt16BE(0) & 0x7fff) - 3) >>> 0, maxPlen, rules);
      return remain(5, buf.readUInt16BE(3), maxPlen, rules);
    }
    case Kind.Http:
    case Kind.HttpBin:
    case Kind.HttpH:
    case Kind.HttpHBin:
      return httpLength(buf, kind === Kind.HttpH || kind === Kind.HttpHBin, maxPlen === 0 ? o.lineLength : maxPlen);
  }
}

/**
 * The length of an HTTP line; in header mode also the continuation lines
 * (starting with SP or HT) that follow it, so a header that ends exactly at
 * the end of the data needs the next byte to be complete.
 * `max` is packet_size, or line_length when packet_size is 0.
 */
function httpLength(buf: Buffer, headerMode: boolean, max: number): number {
  const n = buf.length;
  if ((n === 1 && buf[0] === 10) || (n === 2 && buf[0] === 13 && buf[1] === 10)) return n;
  let from = 0;
  for (;;) {
    const at = buf.indexOf(10, from);
    if (at < 0) return max !== 0 && n >= max ? -1 : 0;
    const plen = at + 1;
    if (!headerMode) return max !== 0 && plen > max ? -1 : plen;
    if (plen < n) {
      const next = buf[plen];
      if ((next === 32 || next === 9) && plen > 2) {
        from = plen;
        continue;
      }
      return max !== 0 && plen > max ? -1 : plen;
    }
    return max !== 0 && plen > max ? -1 : 0;
  }
}

/**
 * packet_parse_ssl. `size` may be below the 5 header bytes (a wrapped v2
 * length, OTP 26+): the version bytes are then read past the packet, from
 * the rest of the data, as the emulator does.
 */
function sslTls(buf: Buffer, size: number): SslTlsPacket | undefined {
  if ((buf[0]! & 0x80) !== 0 && buf[2] === 1) {
    // SSL v2 client hello, rewritten as <<1:8, (Len-3):24, Data/binary>>
    const dataLen = size - 3;
    if (dataLen < 0) return undefined; // OTP 26+ crashes here
    const out = Buffer.allocUnsafe(4 + dataLen);
    out[0] = 1;
    out.writeUIntBE(dataLen, 1, 3);
    buf.copy(out, 4, 3, size);
    return ['ssl_tls', [], 22, [buf[3]!, buf[4]!], out];
  }
  return ['ssl_tls', [], buf[0]!, [buf[1]!, buf[2]!], buf.subarray(5, size)];
}

const HEADER_LEN: Partial<Record<Kind, number>> = { [Kind.Pkt1]: 1, [Kind.Pkt2]: 2, [Kind.Pkt4]: 4 };

/** Decodes a packet of known total length `size` (<= buf.length) from the start of buf. */
function finish(kind: Kind, buf: Buffer, size: number, rules: DecodeRules): DecodeResult {
  const rest = buf.subarray(size);
  let packet: Packet;
  switch (kind) {
    case Kind.Http:
    case Kind.HttpBin:
    case Kind.HttpH:
    case Kind.HttpHBin:
      packet = parseHttpPacket(buf.subarray(0, size), kind === Kind.HttpH || kind === Kind.HttpHBin, kind === Kind.HttpBin || kind === Kind.HttpHBin, rules.ipv6UriHost);
      break;
    case Kind.SslTls: {
      const p = sslTls(buf, size);
      if (!p) return ['error', 'invalid'];
      packet = p;
      break;
    }
    case Kind.Fcgi:
      packet = buf.subarray(0, size - buf[6]!); // without the padding
      break;
    default: {
      const hlen = HEADER_LEN[kind] ?? 0;
      if (size < hlen) return ['error', 'invalid']; // a wrapped length: OTP 26+ crashes here
      packet = buf.subarray(hlen, size);
    }
  }
  return ['ok', packet, rest];
}

/**
 * Mirrors `erlang:decode_packet(Type, Bin, Options)`.
 *
 * Throws ErlangError('badarg') for an unknown type, a `bin` that is not a
 * Buffer/Uint8Array, or a bad option (unknown key, value not an integer in
 * 0..2^32-1, line_delimiter above 255 or with a type other than line).
 */
export function decode_packet(type: BinaryPacketType, bin: Uint8Array, opts?: ReadonlyArray<PacketOption>, compat?: DecodeCompat): DecodeResult<Buffer>;
export function decode_packet(type: HttpListPacketType, bin: Uint8Array, opts?: ReadonlyArray<PacketOption>, compat?: DecodeCompat): DecodeResult<HttpPacket<string>>;
export function decode_packet(type: HttpBinPacketType, bin: Uint8Array, opts?: ReadonlyArray<PacketOption>, compat?: DecodeCompat): DecodeResult<HttpPacket<Buffer>>;
export function decode_packet(type: 'ssl_tls', bin: Uint8Array, opts?: ReadonlyArray<PacketOption>, compat?: DecodeCompat): DecodeResult<SslTlsPacket>;
export function decode_packet(type: PacketType | string | number, bin: Uint8Array, opts?: ReadonlyArray<readonly [string, number]>, compat?: DecodeCompat): DecodeResult;
export function decode_packet(type: PacketType | string | number, bin: Uint8Array, opts: ReadonlyArray<readonly [string, number]> = [], compat: DecodeCompat = {}): DecodeResult {
  const kind = kindOf(type);
  if (!(bin instanceof Uint8Array)) throw new ErlangError('badarg');
  const o = parseOptions(kind, opts);
  const buf = Buffer.isBuffer(bin) ? bin : Buffer.from(bin.buffer, bin.byteOffset, bin.byteLength);
  return decodeWith(kind, buf, o, rulesFor(compat));
}

function decodeWith(kind: Kind, buf: Buffer, o: FramingOptions, rules: DecodeRules): DecodeResult {
  const size = packetLength(kind, buf, o, rules);
  if (size < 0) return ['error', 'invalid'];
  if (size === 0) return ['more', 'undefined'];
  if (size > buf.length) return ['more', size];
  return finish(kind, buf, size, rules);
}

/**
 * A validated packet type and options, for callers that decode many times
 * with the same settings (see ./framer.ts). Construction throws
 * ErlangError('badarg') exactly where decode_packet/3 would.
 */
export class PacketDecoder {
  private readonly kind: Kind;
  readonly options: Readonly<FramingOptions>;
  readonly rules: DecodeRules;
  constructor(
    readonly type: PacketType,
    opts: ReadonlyArray<readonly [string, number]> = [],
    compat: DecodeCompat = {},
  ) {
    this.kind = kindOf(type);
    this.options = parseOptions(this.kind, opts);
    this.rules = rulesFor(compat);
  }

  /** Mirrors `erlang:decode_packet(Type, Buf, Options)` with this decoder's Type and Options. */
  decode(buf: Buffer): DecodeResult {
    return decodeWith(this.kind, buf, this.options, this.rules);
  }

  /** erts' packet_get_length alone (inside decode_packet/3): > 0 total length, 0 unknown yet, < 0 invalid. */
  length(buf: Buffer): number {
    return packetLength(this.kind, buf, this.options, this.rules);
  }

  /** Line and HTTP types: packets end at a delimiter byte (or at a size limit). */
  get delimited(): number | undefined {
    if (this.kind === Kind.Line) return this.options.delimiter;
    if (this.kind >= Kind.Http && this.kind <= Kind.HttpHBin) return 10;
    return undefined;
  }

  /** HTTP header mode: a line ending at the end of the data waits for the next byte. */
  get headerMode(): boolean {
    return this.kind === Kind.HttpH || this.kind === Kind.HttpHBin;
  }

  /** Raw: every non-empty buffer is one packet. */
  get raw(): boolean {
    return this.kind === Kind.Raw;
  }

  /**
   * Types whose result for a buffer of at least the announced `{more, N}`
   * length depends only on its first N bytes (all but raw, line and HTTP).
   */
  get lengthPrefixed(): boolean {
    return this.kind !== Kind.Raw && this.delimited === undefined;
  }
}

/** Builds Erlang terms from a TypeScript decode result (see decodeResultToTerm). */
export interface TermBuilder<T> {
  /** An atom. */
  atom(name: string): T;
  /** An integer. */
  integer(n: number): T;
  /** A binary. */
  binary(b: Buffer): T;
  /** An Erlang string (list of bytes); '' is the empty list. */
  string(s: string): T;
  /** A tuple. */
  tuple(items: T[]): T;
  /** The empty list [] (only in ssl_tls packets). */
  nil(): T;
}

/**
 * No Erlang counterpart: converts an HttpPacket back to an Erlang term, telling atoms from strings
 * as decode_packet does (see ./http.ts for the rule).
 */
export function httpPacketToTerm<T>(p: HttpPacket, b: TermBuilder<T>): T {
  const s = (x: HttpString): T => (typeof x === 'string' ? b.string(x) : b.binary(x));
  const atomOr = (x: HttpString, isAtom: (name: string) => boolean): T => (typeof x === 'string' && isAtom(x) ? b.atom(x) : s(x));
  if (p === 'http_eoh') return b.atom(p);
  switch (p[0]) {
    case 'http_request': {
      const [, method, uri, [major, minor]] = p;
      let u: T;
      if (uri === '*') u = b.atom('*');
      else if (Array.isArray(uri)) {
        if (uri[0] === 'absoluteURI') {
          const port = uri[3];
          u = b.tuple([b.atom('absoluteURI'), b.atom(uri[1]), s(uri[2]), port === 'undefined' ? b.atom('undefined') : b.integer(port), s(uri[4])]);
        } else if (uri[0] === 'scheme') u = b.tuple([b.atom('scheme'), s(uri[1]), s(uri[2])]);
        else u = b.tuple([b.atom('abs_path'), s(uri[1])]);
      } else u = s(uri);
      return b.tuple([b.atom('http_request'), atomOr(method, (m) => HTTP_METHOD_SET.has(m)), u, b.tuple([b.integer(major), b.integer(minor)])]);
    }
    case 'http_response': {
      const [, [major, minor], status, phrase] = p;
      return b.tuple([b.atom('http_response'), b.tuple([b.integer(major), b.integer(minor)]), b.integer(status), s(phrase)]);
    }
    case 'http_header': {
      const [, bit, field, unmodified, value] = p;
      return b.tuple([b.atom('http_header'), b.integer(bit), atomOr(field, (f) => HTTP_HEADER_SET.has(f)), s(unmodified), s(value)]);
    }
    case 'http_error':
      return b.tuple([b.atom('http_error'), s(p[1])]);
  }
}

/**
 * No Erlang counterpart: converts a decode_packet result back to the term
 * `erlang:decode_packet/3` returns, with the given builder.
 */
export function decodeResultToTerm<T>(r: DecodeResult, b: TermBuilder<T>): T {
  if (r[0] === 'more') return b.tuple([b.atom('more'), r[1] === 'undefined' ? b.atom('undefined') : b.integer(r[1])]);
  if (r[0] === 'error') return b.tuple([b.atom('error'), b.atom(r[1])]);
  const p = r[1];
  let packet: T;
  if (Buffer.isBuffer(p)) packet = b.binary(p);
  else if (Array.isArray(p) && p[0] === 'ssl_tls') {
    const [, , ctype, [major, minor], data] = p;
    packet = b.tuple([b.atom('ssl_tls'), b.nil(), b.integer(ctype), b.tuple([b.integer(major), b.integer(minor)]), b.binary(data)]);
  } else packet = httpPacketToTerm(p as HttpPacket, b);
  return b.tuple([b.atom('ok'), packet, b.binary(r[2])]);
}
