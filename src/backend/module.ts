/**
 * What gen_tcp and inet hand a call to once their own argument checks pass:
 * one module per backend, as OTP's gen_tcp hands its calls to inet_tcp or
 * gen_tcp_socket. Everything a module does differently from the other lives
 * in the module (src/backend/inet_tcp.ts, src/backend/gen_tcp_socket.ts).
 */
import type { Reason, Result } from '../erlang/reasons.js';
import type { OptionDialect } from '../options/dialect.js';
import type { KernelDefaultsRule } from '../options/kernel-defaults.js';
import type { Address, IpAddress, Option, Timeout } from '../options/types.js';
import type { Process } from '../process/process.js';
import type { Backend, Profile } from '../profile/profiles.js';
import type { Socket } from '../socket/base.js';
import type { IoData } from '../socket/iodata.js';
import type { AnySocket } from '../socket/kinds.js';
import type { ListenSocket } from '../socket/listener.js';
import type { SendResult } from '../socket/stream.js';

export interface TcpModule {
  readonly backend: Backend;
  /** How Erlang prints the module's sockets: as ports (#Port<0.N>) or the socket module's (#Socket<0.N>). */
  readonly printName: 'Port' | 'Socket';
  /** What a monitor's DOWN message calls the socket (inet:monitor/1): a port, or the socket module's socket. */
  readonly monitorType: 'port' | 'socket';
  /** The order a socket's monitors get their DOWN: as made (a port's), or the newest first (the socket NIF keeps a stack). */
  readonly downOrder: 'oldest-first' | 'newest-first';
  /** The DOWN reason of a monitor made on a socket already gone. */
  readonly monitorGone: 'noproc' | 'nosock';
  /** The DOWN reason when the socket goes; `exit` is why, when not by close/1 (the owner's exit reason, or the error the socket closed on). */
  downReason(exit: unknown): unknown;
  /** How the module takes the kernel's default options (inet_default_connect_options, inet_default_listen_options). */
  readonly kernelDefaults: KernelDefaultsRule;
  /** How the module applies option lists. */
  readonly options: OptionDialect;
  connect(caller: Process, address: Address, port: number, opts: Option[], timeout: Timeout): Promise<Result<Socket>>;
  /** The addr of a sockaddr map given to connect/2,3, as the module resolves it, or its error. */
  sockaddrAddress(profile: Profile, addr: unknown, family: 'inet' | 'inet6'): IpAddress | ['error', Reason];
  listen(caller: Process, port: number, opts: Option[]): Promise<Result<Socket>>;
  accept(caller: Process, lsock: ListenSocket, timeout: Timeout): Promise<Result<Socket>>;
  /** recv's Length and Timeout as the module's clauses take them; what none matches raises error:function_clause. */
  recvArguments(profile: Profile, length: unknown, timeout: unknown): { length: number; timeout: Timeout };
  /** accept's Timeout as the module takes it; a bad one raises (function_clause on inet, badarg on socket). */
  acceptTimeout(timeout: unknown): Timeout;
  send(sock: AnySocket, data: IoData): SendResult | Promise<SendResult>;
  /** After the checks both backends make (closed, owner, not_owner, ...): the transfer itself. */
  transfer(sock: AnySocket, caller: Process, target: Process | undefined): 'ok' | ['error', Reason];
  /** inet:info/1: the map the backend shows for the socket (port_info and getstat on inet, the socket NIF's on socket). */
  info(sock: AnySocket): Record<string, unknown>;
  /** Why sockname or peername fails before asking the socket, if it does. */
  addressRefusal(sock: AnySocket, call: 'sockname' | 'peername'): Reason | undefined;
}
