/** Which backend's module a call goes to: {inet_backend, B} first in the options, else the default (kernel's inet_backend). */
import type { Backend } from '../profile/profiles.js';
import { genTcpSocket } from './gen_tcp_socket.js';
import { inetTcp } from './inet_tcp.js';
import type { TcpModule } from './module.js';

const MODULES: Record<Backend, TcpModule> = { inet: inetTcp, socket: genTcpSocket };

let defaultBackend: Backend = process.env.GENTCP_BACKEND === 'socket' ? 'socket' : 'inet';

/** The module of `backend`. */
export const tcpModule = (backend: Backend): TcpModule => MODULES[backend];

/** Sets the backend used when the options do not start with {inet_backend, B} (kernel's inet_backend). */
export function setDefaultBackend(b: Backend): void {
  defaultBackend = b;
}

/** {inet_backend, B} as the first option picks the backend; elsewhere it is a bad option. */
export function moduleFor(opts: unknown): TcpModule {
  const first = Array.isArray(opts) ? opts[0] : undefined;
  const named = Array.isArray(first) && first[0] === 'inet_backend' && (first[1] === 'inet' || first[1] === 'socket');
  return MODULES[named ? (first[1] as Backend) : defaultBackend];
}
