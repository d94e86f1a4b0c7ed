/**
 * What inet:info/1 shows of an open socket, whatever its backend: its counters as a map, which
 * state it is in (listening, active or passive), its address family and who waits on it.
 * The backend modules put these together in their own map (src/backend/).
 */
import type { AnySocket } from './kinds.js';
import { getstatOf } from './getstat.js';
import { socknameOf } from './names.js';

/** getstat/1's counters, as the map inet:info/1 carries them. */
export function infoCounters(sock: AnySocket): Record<string, number> {
  const r = getstatOf(sock, undefined);
  return r[0] === 'ok' ? Object.fromEntries(r[1]) : {};
}

/** The states inet:info/1 tells apart: listening (before and after its first accept), active, passive, and shut for writing. */
export type InfoState = 'listen' | 'listenAccepted' | 'active' | 'passive' | 'writeShut';

/** The state inet:info/1 reports the socket in. */
export function infoState(sock: AnySocket): InfoState {
  if (sock.kind === 'listen') return sock.hasAccepted ? 'listenAccepted' : 'listen';
  if (sock.state.output !== 'open') return 'writeShut';
  return sock.opts.active === false ? 'passive' : 'active';
}

/** The socket's address family, as the socket module names its domain. */
export function infoDomain(sock: AnySocket): 'inet' | 'inet6' | 'local' {
  const r = socknameOf(sock);
  if (r[0] !== 'ok') return 'inet';
  const [addr] = r[1];
  return addr === 'local' ? 'local' : Array.isArray(addr) && addr.length === 8 ? 'inet6' : 'inet';
}
