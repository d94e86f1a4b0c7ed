/** Addresses between Erlang's tuples and Node's strings. */
import net from 'node:net';
import type { IpAddress } from './options/types.js';

export function ipToString(ip: IpAddress): string {
  if (ip.length === 4) return ip.join('.');
  return ip.map((x) => x.toString(16)).join(':');
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
