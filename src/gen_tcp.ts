/**
 * gen_tcp for Node.js: the same calls, results and messages as Erlang's
 * gen_tcp, under the inet or socket backend of a chosen OTP release. As OTP's
 * gen_tcp, this checks its own arguments and hands each call to the backend's
 * module (src/backend/inet_tcp.ts, src/backend/gen_tcp_socket.ts).
 */
import { ErlangError, ErlangExit, Stacktrace } from './erlang/errors.js';
import { refuseObjectOptions } from './options/object-options.js';
import type { Address, IpAddress, Option, SockAddrIn, Timeout } from './options/types.js';
import { isTimeout } from './options/timeout.js';
import { withKernelDefaults } from './options/kernel-defaults.js';
import { currentProcess, lookup } from './process/process.js';
import { isPid, type Pid } from './process/pid.js';
import { profileFor, type Backend } from './profile/profiles.js';
import type { IoData } from './socket/iodata.js';
import { ListenSocket } from './socket/listener.js';
import type { Reason, Result } from './erlang/reasons.js';
import { answerNow, type Socket } from './socket/base.js';
import type { DataOf } from './socket/data.js';
import { isSocket } from './socket/kinds.js';
import { transferAnswer } from './socket/owner.js';
import { StreamSocket } from './socket/stream.js';
import { moduleFor, setDefaultBackend as chooseDefault } from './backend/select.js';

/** Sets the backend used when the options do not start with {inet_backend, B} (kernel's inet_backend). */
export function setDefaultBackend(b: Backend): void {
  chooseDefault(b);
}

/**
 * gen_tcp:connect/3,4: connects to Address:Port (a host name, an IP tuple, or
 * ['local', Path]) with the option list `opts`, waiting up to `timeout` ms.
 * Returns ['ok', Socket], owned by the calling process, or ['error', Reason]:
 * econnrefused, timeout, nxdomain, ... A bad option exits with badarg.
 *
 * gen_tcp:connect/2,3: the same with a socket address map instead of Address
 * and Port: `connect({ family: 'inet', addr: [127, 0, 0, 1], port }, opts, timeout)`.
 *
 * The options start from the kernel's `inet_default_connect_options`
 * (`application.set_env('kernel', 'inet_default_connect_options', [['nodelay', true]])`);
 * `opts` wins where both name an option.
 */
export async function connect<O extends Option[] = []>(sockaddr: SockAddrIn, opts?: [...O], timeout?: Timeout): Promise<Result<Socket<DataOf<O>>>>;
export async function connect<O extends Option[] = []>(address: Address, port: number, opts?: [...O], timeout?: Timeout): Promise<Result<Socket<DataOf<O>>>>;
export async function connect(address: Address | SockAddrIn, ...rest: unknown[]): Promise<Result<Socket>> {
  if (isSockAddrMap(address)) return connectSockaddr(address, rest[0] ?? [], rest[1] ?? 'infinity');
  const [port, opts = [], timeout = 'infinity'] = rest as [number, Option[]?, Timeout?];
  const caller = currentProcess();
  checkConnectArgs(opts, timeout);
  const mod = moduleFor(opts);
  return mod.connect(caller, address, port, withKernelDefaults('connect', opts, mod.kernelDefaults), timeout);
}

/** What connect checks before the backend sees the call, with an address or a sockaddr map alike. */
function checkConnectArgs(opts: unknown, timeout: unknown): asserts opts is Option[] {
  // inet:start_timer/1 comes first, outside gen_tcp's catch: a bad Timeout is a plain error.
  if (!isTimeout(timeout)) throw new ErlangError('badarg');
  refuseObjectOptions(opts, 'options');
  if (!Array.isArray(opts)) throw new ErlangExit(['function_clause', Stacktrace.here()]);
}

const isSockAddrMap = (a: unknown): a is SockAddrIn => typeof a === 'object' && a !== null && !Array.isArray(a) && !Buffer.isBuffer(a);

/** The keys a sockaddr map of each family may have (prim_socket:merge_sockaddr/2). */
const SOCKADDR_KEYS = { inet: ['family', 'addr', 'port'], inet6: ['family', 'addr', 'port', 'flowinfo', 'scope_id'] };

/** gen_tcp:connect/2,3 with a sockaddr map: the map's family picks inet_tcp or inet6_tcp, its addr and port are the peer. */
async function connectSockaddr(sa: SockAddrIn, opts: unknown, timeout: unknown): Promise<Result<Socket>> {
  const caller = currentProcess();
  // gen_tcp:connect/3 has clauses for maps of family inet and inet6 only.
  if (sa.family !== 'inet' && sa.family !== 'inet6') throw new ErlangError('function_clause');
  checkConnectArgs(opts, timeout);
  const extra = Object.keys(sa).filter((k) => !SOCKADDR_KEYS[sa.family].includes(k));
  if (extra.length > 0) throw new ErlangError(['invalid', ['sockaddr', ['keys', extra], new Map(Object.entries(sa))]]);
  const mod = moduleFor(opts);
  const addr = mod.sockaddrAddress(profileFor(mod.backend), sa.addr ?? 'any', sa.family);
  if (addr[0] === 'error') return addr;
  // The address tuple tells the family, as the map's family did.
  return mod.connect(caller, addr as IpAddress, sa.port ?? 0, withKernelDefaults('connect', opts, mod.kernelDefaults), timeout as Timeout);
}

/**
 * gen_tcp:listen/2: a socket listening on Port (0: any free port; inet.port
 * tells which). Returns ['ok', Socket], owned by the calling process, or
 * ['error', Reason] (eaddrinuse, eacces, ...). A bad option exits with badarg.
 * Sockets that accept takes from it have its options, so the same data type.
 * The options start from the kernel's `inet_default_listen_options`, as connect's do.
 */
export async function listen<O extends Option[] = []>(port: number, opts?: [...O]): Promise<Result<Socket<DataOf<O>>>>;
export async function listen(port: number, opts: Option[] = []): Promise<Result<Socket>> {
  const caller = currentProcess();
  // inet:gen_tcp_module/1 takes the list apart before anything else.
  refuseObjectOptions(opts, 'options');
  if (!Array.isArray(opts)) throw new ErlangError('function_clause');
  const mod = moduleFor(opts);
  return mod.listen(caller, port, withKernelDefaults('listen', opts, mod.kernelDefaults));
}

/**
 * gen_tcp:accept/1,2: the next connection on a listening socket, waiting up to
 * `timeout` ms. Returns ['ok', Socket], owned by the calling process, or
 * ['error', Reason] (timeout, closed; einval for a connected socket).
 */
export async function accept<D>(lsock: Socket<D>, timeout?: Timeout): Promise<Result<Socket<D>>>;
export async function accept(lsock: Socket, timeout: Timeout = 'infinity'): Promise<Result<Socket>> {
  // gen_tcp:accept/2 has clauses for ports and sockets only.
  if (!isSocket(lsock)) throw new ErlangError('function_clause');
  const t = lsock.module.acceptTimeout(timeout);
  if (!(lsock instanceof ListenSocket)) return ['error', 'einval'];
  return lsock.module.accept(currentProcess(), lsock, t);
}

/**
 * gen_tcp:send/2: sends iodata (a Buffer, a latin1 string, or nested arrays of
 * bytes, strings and Buffers), framed by the socket's packet type. Returns 'ok'
 * or ['error', Reason] (closed, timeout, ['timeout', Rest], ...).
 */
export function send(sock: Socket, data: IoData): Promise<'ok' | ['error', Reason]> {
  // One promise per call: the socket answers at once unless the send has to wait.
  try {
    if (!isSocket(sock)) throw new ErlangExit('badarg');
    const r = sock.module.send(sock, data);
    // A sender the kernel keeps up with would otherwise never let the loop poll.
    return r instanceof Promise ? r : answerNow(currentProcess(), r);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * gen_tcp:recv/2,3: a packet (or, in raw mode, `length` bytes; 0 for whatever
 * is there) from a passive socket, waiting up to `timeout` ms. Returns
 * ['ok', Data], typed by the socket's options (`Buffer` in binary mode,
 * `string` in list mode, an `HttpPacket` in http modes), or ['error', Reason]
 * (closed, timeout, einval in active mode, ...).
 */
export function recv<D>(sock: Socket<D>, length: number, timeout?: Timeout): Promise<Result<D>>;
export function recv(sock: Socket, length: number, timeout: Timeout = 'infinity'): Promise<Result<unknown>> {
  try {
    // gen_tcp:recv/3 has clauses for ports and sockets only; the module's guards check the rest.
    if (!isSocket(sock)) throw new ErlangError('function_clause');
    const args = sock.module.recvArguments(sock.profile, length, timeout);
    if (sock instanceof ListenSocket) return Promise.resolve(sock.recv());
    return (sock as StreamSocket).recv(currentProcess(), args.length, args.timeout);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** gen_tcp:close/1: closes the socket. Returns 'ok' (inet and socket 27+ also on a closed socket). */
export async function close(sock: Socket): Promise<'ok' | ['error', Reason]> {
  if (!isSocket(sock)) throw new ErlangExit('badarg');
  return sock.close();
}

/**
 * gen_tcp:shutdown/2: closes the read side, the write side (a FIN after the
 * queued data) or both, keeping the socket. Returns 'ok' or ['error', Reason].
 */
export async function shutdown(sock: Socket, how: 'read' | 'write' | 'read_write'): Promise<'ok' | ['error', Reason]> {
  if (!isSocket(sock)) throw new ErlangError('function_clause');
  if (!['read', 'write', 'read_write'].includes(how)) {
    if (sock.profile.badShutdownHow === 'enotconn') return ['error', 'enotconn'];
    throw new ErlangError(sock.profile.badShutdownHow === 'invalid' ? ['invalid', ['how', how]] : 'function_clause');
  }
  return sock instanceof ListenSocket ? sock.shutdown() : sock.shutdown(how);
}

/**
 * gen_tcp:controlling_process/2: makes `pid` the socket's owner; only the owner
 * may give it away, and its queued messages from the socket go with it.
 * Returns 'ok' or ['error', Reason] (not_owner, closed, badarg, einval).
 */
export async function controlling_process(sock: Socket, pid: Pid): Promise<'ok' | ['error', Reason]> {
  if (!isSocket(sock)) throw new ErlangError('function_clause');
  if (!isPid(pid)) throw new ErlangError('function_clause');
  const caller = currentProcess();
  const target = lookup(pid);
  return transferAnswer(sock, caller, target) ?? sock.module.transfer(sock, caller, target);
}
