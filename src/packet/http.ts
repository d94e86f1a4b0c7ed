/**
 * HTTP packet parsing as `erlang:decode_packet/3` does it for the packet types
 * http, http_bin, httph and httph_bin (erts packet_parser.c,
 * packet_parse_http), written against the vectors recorded from real Erlang
 * in fixtures/decode-packet/.
 *
 * TypeScript shape of Erlang's HttpPacket: atoms are JS strings, tuples are
 * arrays, HttpString is a latin1 JS string in http/httph mode and a Buffer in
 * http_bin/httph_bin mode. Which JS strings are atoms (see also
 * ./http-atoms.ts and httpPacketToTerm in ./decode-packet.ts):
 *   - element 0 of every tuple, and the bare 'http_eoh';
 *   - the http_request method when it is in HTTP_METHOD_ATOMS;
 *   - the http_header field when it is in HTTP_HEADER_ATOMS;
 *   - the URI '*', the tags 'abs_path' | 'absoluteURI' | 'scheme', the scheme
 *     'http' | 'https' of absoluteURI and its port 'undefined'.
 * Every other JS string is an Erlang string (a URI that is a bare string
 * always has 2 or more characters, so it is never "*").
 */
import { httpHeaderBit, isHttpMethodAtom, type HttpHeaderAtom, type HttpMethodAtom } from './http-atoms.js';

/** HttpString: a latin1 string (http, httph) or a binary (http_bin, httph_bin). */
export type HttpString = string | Buffer;

/** HttpUri: '*' | {absoluteURI, http|https, Host, Port|undefined, Path} | {scheme, S, S} | {abs_path, S} | S. */
export type HttpUri<S extends HttpString = HttpString> =
  | '*'
  | ['absoluteURI', 'http' | 'https', S, number | 'undefined', S]
  | ['scheme', S, S]
  | ['abs_path', S]
  | S;

/** {http_request, Method, Uri, {Major, Minor}}: a request line. */
export type HttpRequest<S extends HttpString = HttpString> = ['http_request', HttpMethodAtom | S, HttpUri<S>, [number, number]];
/** {http_response, {Major, Minor}, Status, Reason}: a status line. */
export type HttpResponse<S extends HttpString = HttpString> = ['http_response', [number, number], number, S];
/** {http_header, Bit, Field, Unused, Value}: a header line. */
export type HttpHeader<S extends HttpString = HttpString> = ['http_header', number, HttpHeaderAtom | S, S, S];
/** {http_error, Line}: a line decode_packet could not parse. */
export type HttpError<S extends HttpString = HttpString> = ['http_error', S];

/** Erlang's HttpPacket, in list mode (S = string) or binary mode (S = Buffer). */
export type HttpPacket<S extends HttpString = HttpString> =
  | HttpRequest<S>
  | HttpResponse<S>
  | HttpHeader<S>
  | 'http_eoh'
  | HttpError<S>;

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const HTTP_MAX_NAME_LEN = 50;

/** Erlang's tspecial test: control characters, space, bytes >= 128 and the HTTP separators ("DEL" is not one). */
const TSPECIAL = new Uint8Array(256);
for (let c = 0; c < 256; c++) TSPECIAL[c] = c <= 32 || c >= 128 ? 1 : 0;
for (const ch of '()<>@,;:\\"/[]?={} \t') TSPECIAL[ch.charCodeAt(0)] = 1;

const isSp = (c: number | undefined): boolean => c === SPACE || c === TAB;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;

/** Builds HttpStrings from byte ranges of the packet. */
interface Strings<S extends HttpString> {
  range(buf: Buffer, start: number, end: number): S;
  text(s: string): S;
}
const listStrings: Strings<string> = {
  range: (buf, start, end) => buf.toString('latin1', start, end),
  text: (s) => s,
};
const binStrings: Strings<Buffer> = {
  range: (buf, start, end) => buf.subarray(start, end),
  text: (s) => Buffer.from(s, 'latin1'),
};

/** Does buf[at..] start with the ASCII text, ignoring case (strncasecmp)? */
function startsWithCaseless(buf: Buffer, at: number, end: number, text: string): boolean {
  if (end - at < text.length) return false;
  for (let i = 0; i < text.length; i++) {
    let c = buf[at + i]!;
    if (isUpper(c)) c += 32;
    if (c !== text.charCodeAt(i)) return false;
  }
  return true;
}

function startsWith(buf: Buffer, at: number, end: number, text: string): boolean {
  if (end - at < text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** C `int` accumulation of a decimal digit: wraps at 32 bits as the emulator does. */
const addDigit = (acc: number, c: number): number => (Math.imul(acc, 10) + (c - 48)) | 0;

/** Parses `HTTP/Major.Minor` digits from `i`; returns [major, minor, next] or undefined (-1 in C). */
function parseVersion(buf: Buffer, i: number, end: number): [number, number, number] | undefined {
  let major = 0;
  let p0 = i;
  while (i < end && isDigit(buf[i])) major = addDigit(major, buf[i++]!);
  if (i === p0 || i === end || buf[i] !== 46 /* . */) return undefined;
  i++;
  let minor = 0;
  p0 = i;
  while (i < end && isDigit(buf[i])) minor = addDigit(minor, buf[i++]!);
  if (i === p0) return undefined;
  return [major, minor, i];
}

/** Host[:Port] after http:// or https://, as http_parse_absoluteURI. */
function absoluteUri<S extends HttpString>(
  buf: Buffer,
  start: number,
  end: number,
  scheme: 'http' | 'https',
  str: Strings<S>,
  ipv6Host: boolean,
): ['absoluteURI', 'http' | 'https', S, number | 'undefined', S] {
  let path: S;
  const slash = buf.indexOf(47 /* / */, start);
  if (slash < 0 || slash >= end) {
    path = str.text('/');
  } else {
    path = str.range(buf, slash, end);
    end = slash;
  }
  let hostEnd: number;
  let port = 0;
  const colon = buf.indexOf(58 /* : */, start);
  if (colon < 0 || colon >= end) {
    hostEnd = end;
  } else {
    const close = buf.indexOf(93 /* ] */, start);
    if (ipv6Host && buf[start] === 91 /* [ */ && close >= 0 && close < end) {
      // IPv6 literal host, kept with its brackets (OTP 26+, erlang/otp#6900).
      hostEnd = close + 1;
      const lastColon = buf.lastIndexOf(58, end - 1);
      if (lastColon === close + 1) {
        let i = close + 2;
        let p = 0;
        while (i < end && isDigit(buf[i])) p = addDigit(p, buf[i++]!);
        if (i === end && p !== 0) port = p;
      }
    } else {
      hostEnd = colon;
      let i = colon + 1;
      let p = 0;
      while (i < end && isDigit(buf[i])) p = addDigit(p, buf[i++]!);
      if (i === end && p !== 0) port = p;
    }
  }
  return ['absoluteURI', scheme, str.range(buf, start, hostEnd), port === 0 ? 'undefined' : port, path];
}

function parseUri<S extends HttpString>(buf: Buffer, start: number, end: number, str: Strings<S>, ipv6Host: boolean): HttpUri<S> {
  const len = end - start;
  if (len === 1 && buf[start] === 42 /* * */) return '*';
  if (len <= 1 || buf[start] === 47 /* / */) return ['abs_path', str.range(buf, start, end)];
  if (startsWithCaseless(buf, start, end, 'http://')) return absoluteUri(buf, start + 7, end, 'http', str, ipv6Host);
  if (startsWithCaseless(buf, start, end, 'https://')) return absoluteUri(buf, start + 8, end, 'https', str, ipv6Host);
  const colon = buf.indexOf(58 /* : */, start);
  if (colon < 0 || colon >= end) return str.range(buf, start, end);
  return ['scheme', str.range(buf, start, colon), str.range(buf, colon + 1, end)];
}

/** A request or status line; undefined where Erlang's parser gives up (http_error). */
function startLine<S extends HttpString>(buf: Buffer, n: number, str: Strings<S>, ipv6Host: boolean): HttpPacket<S> | undefined {
  if (startsWith(buf, 0, n, 'HTTP/')) {
    const v = parseVersion(buf, 5, n);
    if (!v) return undefined;
    let i = v[2];
    let p0 = i;
    while (i < n && isSp(buf[i])) i++;
    if (i === p0) return undefined;
    let status = 0;
    while (i < n && isDigit(buf[i])) status = addDigit(status, buf[i++]!);
    p0 = i;
    while (i < n && isSp(buf[i])) i++;
    if (i === p0 && i < n) return undefined;
    return ['http_response', [v[0], v[1]], status, str.range(buf, i, n)];
  }
  let i = 0;
  while (i < n && TSPECIAL[buf[i]!] === 0) i++;
  const methLen = i;
  if (i === n || methLen === 0 || !isSp(buf[i])) return undefined;
  const methName = buf.toString('latin1', 0, methLen);
  const method: HttpMethodAtom | S = isHttpMethodAtom(methName) ? methName : str.range(buf, 0, methLen);
  while (i < n && isSp(buf[i])) i++;
  const uriStart = i;
  while (i < n && !isSp(buf[i])) i++;
  const uriEnd = i;
  if (uriEnd === uriStart) return undefined;
  while (i < n && isSp(buf[i])) i++;
  if (i === n) return ['http_request', method, parseUri(buf, uriStart, uriEnd, str, ipv6Host), [0, 9]];
  if (n - i < 8 || !startsWith(buf, i, n, 'HTTP/')) return undefined;
  const v = parseVersion(buf, i + 5, n);
  if (!v) return undefined; // anything after the minor version is ignored
  return ['http_request', method, parseUri(buf, uriStart, uriEnd, str, ipv6Host), [v[0], v[1]]];
}

/** A header line (or the empty line ending the headers); undefined gives http_error. */
function headerLine<S extends HttpString>(buf: Buffer, n: number, str: Strings<S>): HttpPacket<S> | undefined {
  if (n === 0) return 'http_eoh';
  let i = 0;
  let up = true;
  let normalised = '';
  while (TSPECIAL[buf[i]!] === 0) {
    if (i < HTTP_MAX_NAME_LEN) {
      let c = buf[i]!;
      if (up) {
        if (isLower(c)) c -= 32;
        up = false;
      } else if (isUpper(c)) {
        c += 32;
      } else if (c === 45 /* - */) {
        up = true;
      }
      normalised += String.fromCharCode(c);
    }
    i++;
    if (i === n) return undefined;
  }
  if (buf[i] !== 58 /* : */) return undefined;
  const nameLen = i;
  let bit = 0;
  let field: HttpHeaderAtom | S;
  if (nameLen <= HTTP_MAX_NAME_LEN) {
    bit = httpHeaderBit(normalised);
    field = bit !== 0 ? (normalised as HttpHeaderAtom) : str.text(normalised);
  } else {
    field = str.range(buf, 0, nameLen); // longer names come back as sent
  }
  i++;
  while (i < n && isSp(buf[i])) i++;
  return ['http_header', bit, field, str.range(buf, 0, nameLen), str.range(buf, i, n)];
}

/**
 * Parses one complete HTTP packet (as framed by decode_packet: a line, or in
 * header mode a header with its continuation lines, ending in LF) the way
 * erts' packet_parse_http does; lines it cannot parse become
 * `['http_error', WholePacketWithLineEnd]`.
 *
 * @param headerMode true for httph/httph_bin (header lines), false for http/http_bin (start lines)
 * @param asBinary true for the _bin types (HttpString = Buffer)
 * @param ipv6Host whether an IPv6 literal host of an absoluteURI keeps its brackets (the release's DecodeRules)
 */
export function parseHttpPacket(packet: Buffer, headerMode: boolean, asBinary: true, ipv6Host: boolean): HttpPacket<Buffer>;
export function parseHttpPacket(packet: Buffer, headerMode: boolean, asBinary: false, ipv6Host: boolean): HttpPacket<string>;
export function parseHttpPacket(packet: Buffer, headerMode: boolean, asBinary: boolean, ipv6Host: boolean): HttpPacket;
export function parseHttpPacket(packet: Buffer, headerMode: boolean, asBinary: boolean, ipv6Host: boolean): HttpPacket {
  const len = packet.length;
  // Strip the trailing CRLF (or LF): Erlang looks only at the byte before last for the CR.
  let n = len;
  if (n >= 2 && packet[n - 2] === CR) n -= 2;
  else if (n >= 1 && packet[n - 1] === LF) n -= 1;
  if (asBinary) {
    return (headerMode ? headerLine(packet, n, binStrings) : startLine(packet, n, binStrings, ipv6Host)) ?? ['http_error', binStrings.range(packet, 0, len)];
  }
  return (headerMode ? headerLine(packet, n, listStrings) : startLine(packet, n, listStrings, ipv6Host)) ?? ['http_error', listStrings.range(packet, 0, len)];
}
