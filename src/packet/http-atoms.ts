/**
 * The HTTP method and header field names that `erlang:decode_packet/3` returns
 * as atoms rather than strings (erts packet_parser.c tables; every entry is
 * confirmed by the recorded vectors in fixtures/decode-packet/).
 *
 * In a TypeScript HttpPacket (see ./http.ts) a JS string in the method
 * position of `http_request` is the atom exactly when it is in
 * HTTP_METHOD_ATOMS, and a JS string in the field position of `http_header`
 * is the atom exactly when it is in HTTP_HEADER_ATOMS: Erlang looks the
 * (normalised) name up in these tables and returns the atom whenever it is
 * found, so a string result never equals an atom name.
 */

/** Methods returned as atoms, matched case-sensitively ('get' stays a string). */
export const HTTP_METHOD_NAMES = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE'] as const;
/** An HTTP method decode_packet gives as an atom. */
export type HttpMethodAtom = (typeof HTTP_METHOD_NAMES)[number];

/**
 * Header fields returned as atoms, in Erlang's table order: the `Bit` element
 * of `{http_header, Bit, Field, UnmodifiedField, Value}` is the index here + 1
 * (0 for a field that is not an atom). Names are matched after Erlang's
 * normalisation (first letter and each letter after '-' upper case, the rest
 * lower case), so `content-md5` gives 'Content-Md5'.
 */
export const HTTP_HEADER_NAMES = [
  'Cache-Control', 'Connection', 'Date', 'Pragma', 'Transfer-Encoding', 'Upgrade', 'Via', 'Accept',
  'Accept-Charset', 'Accept-Encoding', 'Accept-Language', 'Authorization', 'From', 'Host',
  'If-Modified-Since', 'If-Match', 'If-None-Match', 'If-Range', 'If-Unmodified-Since', 'Max-Forwards',
  'Proxy-Authorization', 'Range', 'Referer', 'User-Agent', 'Age', 'Location', 'Proxy-Authenticate',
  'Public', 'Retry-After', 'Server', 'Vary', 'Warning', 'Www-Authenticate', 'Allow', 'Content-Base',
  'Content-Encoding', 'Content-Language', 'Content-Length', 'Content-Location', 'Content-Md5',
  'Content-Range', 'Content-Type', 'Etag', 'Expires', 'Last-Modified', 'Accept-Ranges', 'Set-Cookie',
  'Set-Cookie2', 'X-Forwarded-For', 'Cookie', 'Keep-Alive', 'Proxy-Connection',
] as const;
/** A header name decode_packet gives as an atom (in its canonical case). */
export type HttpHeaderAtom = (typeof HTTP_HEADER_NAMES)[number];

/** Method names that decode_packet returns as atoms. */
export const HTTP_METHOD_ATOMS: ReadonlySet<string> = new Set<string>(HTTP_METHOD_NAMES);
/** Header field names that decode_packet returns as atoms. */
export const HTTP_HEADER_ATOMS: ReadonlySet<string> = new Set<string>(HTTP_HEADER_NAMES);

const HEADER_BIT = new Map<string, number>(HTTP_HEADER_NAMES.map((name, i) => [name, i + 1]));

/** True when `erlang:decode_packet/3` returns this request method as an atom (no Erlang function of its own). */
export function isHttpMethodAtom(name: string): name is HttpMethodAtom {
  return HTTP_METHOD_ATOMS.has(name);
}

/** True when `erlang:decode_packet/3` returns this (normalised) header field name as an atom (no Erlang function of its own). */
export function isHttpHeaderAtom(name: string): name is HttpHeaderAtom {
  return HEADER_BIT.has(name);
}

/** The `Bit` of `erlang:decode_packet/3`'s `{http_header, Bit, ...}` for a field: its table index + 1, or 0. */
export function httpHeaderBit(name: string): number {
  return HEADER_BIT.get(name) ?? 0;
}
