/** gen_tcp and inet options, in the shapes Erlang uses: atoms are strings, tuples are arrays. */

/** {packet, P}: how the byte stream is cut into packets. */
export type PacketType =
  | 0 | 1 | 2 | 4 | 'raw' | 'asn1' | 'cdr' | 'sunrm' | 'fcgi' | 'tpkt' | 'line'
  | 'http' | 'http_bin' | 'httph' | 'httph_bin';

/** {active, A}: true, false, once, or a count of packets before the socket goes passive. */
export type Active = boolean | 'once' | number;
/** Milliseconds, or infinity. */
export type Timeout = number | 'infinity';
/** An IPv4 (4-tuple) or IPv6 (8-tuple) address. */
export type IpAddress = [number, number, number, number] | [number, number, number, number, number, number, number, number];
/** An address as connect takes it: a tuple, a host name, or {local, Path}. */
export type Address = IpAddress | string | ['local', string | Buffer];
/**
 * A socket address map, as gen_tcp:connect/2,3 take it (OTP 24+): `#{family, addr, port}`;
 * a missing addr is `any` and a missing port 0, as in Erlang.
 */
export interface SockAddrIn {
  family: 'inet' | 'inet6';
  addr?: IpAddress | 'any' | 'loopback';
  port?: number;
  /** inet6 only. */
  flowinfo?: number;
  scope_id?: number;
}

/** One element of an option list: an atom (binary, list, inet, inet6, local) or a {Name, Value} tuple. */
export type Option =
  | 'binary' | 'list' | 'inet' | 'inet6' | 'local'
  | ['active', Active]
  | ['mode', 'binary' | 'list']
  | ['packet', PacketType]
  | ['packet_size', number]
  | ['header', number]
  | ['line_delimiter', number]
  | ['buffer', number]
  | ['backlog', number]
  | ['ip', IpAddress | 'any' | 'loopback']
  | ['ifaddr', IpAddress | 'any' | 'loopback' | ['local', string | Buffer]]
  | ['port', number]
  | ['reuseaddr', boolean]
  | ['reuseport', boolean]
  | ['nodelay', boolean]
  | ['keepalive', boolean]
  | ['linger', [boolean, number]]
  | ['send_timeout', Timeout]
  | ['send_timeout_close', boolean]
  | ['show_econnreset', boolean]
  | ['exit_on_close', boolean]
  | ['delay_send', boolean]
  | ['high_watermark', number]
  | ['low_watermark', number]
  | ['high_msgq_watermark', number]
  | ['low_msgq_watermark', number]
  | ['recbuf', number]
  | ['sndbuf', number]
  | ['tos', number]
  | ['priority', number]
  | ['tclass', number]
  | ['deliver', 'port' | 'term']
  | ['dontroute', boolean]
  | ['nopush', boolean]
  | ['inet_backend', 'inet' | 'socket']
  | ['tcp_module', string]
  | ['fd', number];

/**
 * The options a socket carries after listen/connect/accept, changed by setopts.
 * The socket backend stores most values unchecked ({mode, foo} reads back as
 * foo), so a field may hold a value outside its type there.
 */
export interface SocketOptions {
  mode: 'binary' | 'list';
  active: false | true | 'once' | number;
  packet: PacketType;
  packet_size: number;
  header: number;
  line_delimiter: number;
  buffer: number;
  exit_on_close: boolean;
  show_econnreset: boolean;
  send_timeout: Timeout;
  send_timeout_close: boolean;
  delay_send: boolean;
  nodelay: boolean;
  keepalive: boolean;
  reuseaddr: boolean;
  reuseport: boolean;
  linger: [boolean, number];
  high_watermark: number;
  low_watermark: number;
  high_msgq_watermark: number;
  low_msgq_watermark: number;
  deliver: 'port' | 'term';
  tos: number;
  priority: number;
  dontroute: boolean;
  nopush: boolean;
  /** Kernel buffer sizes asked for; undefined means the kernel's choice. */
  recbuf: number | undefined;
  sndbuf: number | undefined;
  /** {buffer, N} was given: inet's recbuf no longer raises buffer. */
  bufferSet?: boolean;
}

/**
 * A copy of a socket's options (setopts works on one; an accepted socket starts
 * from its listener's). Written out field by field: V8 copies this literal's
 * fixed shape in tens of nanoseconds, where `{ ...o }` of the same object took
 * about a microsecond, once per setopts. `satisfies` makes a new option a
 * compile error here until it is copied too.
 */
export function cloneOptions(o: SocketOptions): SocketOptions {
  return {
    mode: o.mode,
    active: o.active,
    packet: o.packet,
    packet_size: o.packet_size,
    header: o.header,
    line_delimiter: o.line_delimiter,
    buffer: o.buffer,
    exit_on_close: o.exit_on_close,
    show_econnreset: o.show_econnreset,
    send_timeout: o.send_timeout,
    send_timeout_close: o.send_timeout_close,
    delay_send: o.delay_send,
    nodelay: o.nodelay,
    keepalive: o.keepalive,
    reuseaddr: o.reuseaddr,
    reuseport: o.reuseport,
    linger: Array.isArray(o.linger) ? [o.linger[0], o.linger[1]] as [boolean, number] : o.linger,
    high_watermark: o.high_watermark,
    low_watermark: o.low_watermark,
    high_msgq_watermark: o.high_msgq_watermark,
    low_msgq_watermark: o.low_msgq_watermark,
    deliver: o.deliver,
    tos: o.tos,
    priority: o.priority,
    dontroute: o.dontroute,
    nopush: o.nopush,
    recbuf: o.recbuf,
    sndbuf: o.sndbuf,
    bufferSet: o.bufferSet,
  } satisfies Record<keyof SocketOptions, unknown>;
}

/** What listen/connect need besides the socket options. */
export interface CreateOptions {
  family: 'inet' | 'inet6' | 'local';
  ip: IpAddress | ['local', string] | undefined;
  port: number;
  backlog: number;
}
