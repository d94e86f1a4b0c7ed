/** Addresses between Erlang's tuples and Node's strings. */
import net from 'node:net';
import type { IpAddress } from './options/types.js';

export function ipToString(ip: IpAddress): string {
  if (ip.length === 4) return ip.join('.');
  return ip.map((x) => x.toString(16)).join(':');
}

/**
 * inet_parse:visible_string/1, which a host name must pass before it is looked up:
 * characters 33..126 only, and (up to OTP 25) not empty.
 */
export function isHostname(name: string, rules: { emptyHostnameVisible: boolean }): boolean {
  if (name.length === 0) return rules.emptyHostnameVisible;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/** '127.0.0.1' -> {127,0,0,1}; '::1' -> {0,0,0,0,0,0,0,1}. */
export function ipToTuple(s: string): IpAddress {
  if (net.isIPv4(s)) return s.split('.').map(Number) as IpAddress;
  const [head, tail] = s.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => {
    if (!part) return [];
    return part.split(':').flatMap((x) => {
      if (net.isIPv4(x)) {
        const [a, b, c, d] = x.split('.').map(Number) as [number, number, number, number];
        return [(a << 8) | b, (c << 8) | d];
      }
      return [parseInt(x, 16)];
    });
  };
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - h.length - t.length).fill(0);
  return [...h, ...fill, ...t] as IpAddress;
}

/**
 * What a connection's net.Socket cannot tell once it is gone, or never knew
 * (Node has no addresses for unix-domain sockets): its family and, for
 * unix-domain sockets, the paths of both ends where known without the addon.
 */
export interface ConnInfo {
  family: 'inet' | 'inet6' | 'local';
  /** The bound path of this end (an accepted connection has the listener's). */
  path?: Buffer;
  /** The path of the other end (a connected client knows where it connected). */
  peerPath?: Buffer;
  /** TCP: both ends as they were when the connection was made (Node forgets them with the handle). */
  local?: [string, number];
  remote?: [string, number];
}

const connInfo = new WeakMap<net.Socket, ConnInfo>();

export function setConnInfo(conn: net.Socket, info: ConnInfo): void {
  connInfo.set(conn, info);
}

export function getConnInfo(conn: net.Socket): ConnInfo | undefined {
  return connInfo.get(conn);
}

/** A unix-domain path as Erlang gives it back: a binary (a string path is as Node used it, UTF-8; the addon's is latin1). */
export function pathBinary(p: string | Buffer | undefined, encoding: BufferEncoding = 'utf8'): Buffer {
  if (p === undefined) return Buffer.alloc(0);
  return Buffer.isBuffer(p) ? p : Buffer.from(p, encoding);
}

/** Family of an IP tuple: 4 numbers inet, 8 inet6. */
export function tupleFamily(a: unknown): 'inet' | 'inet6' | undefined {
  if (!Array.isArray(a)) return undefined;
  return a.length === 4 ? 'inet' : a.length === 8 ? 'inet6' : undefined;
}

/**
 * The socket backend's refusal of an address it cannot make a sockaddr of:
 * {invalid, {sockaddr, #{family => F, addr => A, port => P}}} (an Erlang map is a JS Map).
 */
export function invalidSockaddr(family: string, addr: unknown, port: number): ['invalid', ['sockaddr', Map<string, unknown>]] {
  // Keys in Erlang's term order, as OTP 25 prints the map (27+ prints it in atom-table order).
  const m = new Map<string, unknown>([
    ['addr', addr],
    ['family', family],
    ['port', port],
  ]);
  return ['invalid', ['sockaddr', m]];
}
