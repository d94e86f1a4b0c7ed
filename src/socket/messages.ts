/**
 * The messages a socket sends its owner, as gen_tcp's active modes send them.
 * Data is what the socket delivers (see {@link DataOf}); a socket in an http
 * packet mode sends http messages instead of tcp ones.
 */
import type { Ref } from '../process/ref.js';
import type { Reason } from '../erlang/reasons.js';
import type { Data } from './data.js';
import type { Socket } from './base.js';
import { isSocket } from './kinds.js';

/** {tcp, Socket, Data}: a packet, in active mode. */
export type TcpMessage<D = Data> = ['tcp', Socket<D>, D];
/** {http, Socket, HttpPacket}: a packet, in active mode with an http packet type. */
export type HttpMessage<D = Data> = ['http', Socket<D>, D];
/** {tcp_closed, Socket}: the connection ended. */
export type TcpClosedMessage<D = Data> = ['tcp_closed', Socket<D>];
/** {tcp_error, Socket, Reason}: an error, before tcp_closed (econnreset with show_econnreset, emsgsize). */
export type TcpErrorMessage<D = Data> = ['tcp_error', Socket<D>, Reason];
/** {tcp_passive, Socket}: an {active, N} count ran out. */
export type TcpPassiveMessage<D = Data> = ['tcp_passive', Socket<D>];
/** {Socket, {data, Data}}: a packet with {deliver, port}. */
export type PortDataMessage<D = Data> = [Socket<D>, ['data', D]];

/** inet:monitor/1's message once the socket is gone: `port` and `normal` (or the owner's exit reason) on inet, `socket` and `closed` on the socket backend. */
export type DownMessage<D = Data> = ['DOWN', Ref, 'port' | 'socket', Socket<D>, unknown];

/** Every message a socket sends its owner. */
export type SocketMessage<D = Data> =
  | TcpMessage<D>
  | HttpMessage<D>
  | TcpClosedMessage<D>
  | TcpErrorMessage<D>
  | TcpPassiveMessage<D>
  | PortDataMessage<D>;

/** Whether `m` is a message a socket sent (a type guard for receive and mailbox). */
export function isSocketMessage(m: unknown): m is SocketMessage {
  if (!Array.isArray(m)) return false;
  if (m.length === 2 && isSocket(m[0])) return Array.isArray(m[1]) && m[1][0] === 'data';
  return isSocket(m[1]) && (m[0] === 'tcp' || m[0] === 'http' || m[0] === 'tcp_closed' || m[0] === 'tcp_error' || m[0] === 'tcp_passive');
}
