/**
 * gen_tcp for Node.js: the same calls, results and messages as Erlang's
 * gen_tcp, under the inet or socket backend of a chosen OTP release.
 */
import net from 'node:net';
import { invalidSockaddr, ipToString, pathBinary, setConnInfo, tupleFamily } from './address.js';
import { ErlangError, ErlangExit } from './erlang/errors.js';
import { refuseObjectOptions } from './options/object-options.js';
import { isIpAddress, parseCreateOptions } from './options/parse.js';
import type { Address, Option, Timeout } from './options/types.js';
import { currentProcess, lookup } from './process/process.js';
import { isPid, type Pid } from './process/pid.js';
import { profileFor, defaultOtp, type Backend, type Profile } from './profile/profiles.js';
import { iodataToBuffer, withPacketHeader, type IoData } from './socket/iodata.js';
import { ListenSocket, portHeld, serverSource } from './socket/listener.js';
import type { Posix, Reason, Result } from './erlang/reasons.js';
import type { Socket } from './socket/base.js';
import type { DataOf } from './socket/data.js';
import type { AnySocket } from './socket/kinds.js';
import { StreamSocket } from './socket/stream.js';
import { Transport, onreadOptions, posixName } from './socket/transport.js';
import { nativeSource } from './socket/native-source.js';
import { getNative, isNativeError } from './native/index.js';


let defaultBackend: Backend = process.env.GENTCP_BACKEND === 'socket' ? 'socket' : 'inet';

/** Sets the backend used when the options do not start with {inet_backend, B} (kernel's inet_backend). */
export function setDefaultBackend(b: Backend): void {
  defaultBackend = b;
}

/** {inet_backend, B} as the first option picks the backend; elsewhere it is a bad option. */
function profileOf(opts: unknown): Profile {
  const first = Array.isArray(opts) ? opts[0] : undefined;
  const b = Array.isArray(first) && first[0] === 'inet_backend' && (first[1] === 'inet' || first[1] === 'socket') ? first[1] : defaultBackend;
  return profileFor(b, defaultOtp());
}

const isTimeout = (t: unknown): t is Timeout => t === 'infinity' || (typeof t === 'number' && Number.isInteger(t) && t >= 0);

/**
 * gen_tcp:connect/3,4: connects to Address:Port (a host name, an IP tuple, or
 * ['local', Path]) with the option list `opts`, waiting up to `timeout` ms.
 * Returns ['ok', Socket], owned by the calling process, or ['error', Reason]:
 * econnrefused, timeout, nxdomain, ... A bad option exits with badarg.
 */
export async function connect<O extends Option[] = []>(address: Address, port: number, opts?: [...O], timeout?: Timeout): Promise<Result<Socket<DataOf<O>>>>;
export async function connect(address: Address, port: number, opts: Option[] = [], timeout: Timeout = 'infinity'): Promise<Result<Socket>> {
  const caller = currentProcess();
  // inet:start_timer/1 comes first, outside gen_tcp's catch: a bad Timeout is a plain error.
  if (!isTimeout(timeout)) throw new ErlangError('badarg');
  refuseObjectOptions(opts, 'options');
  if (!Array.isArray(opts)) throw new ErlangExit(['function_clause', []]);
  const profile = profileOf(opts);
  const local = Array.isArray(address) && address[0] === 'local';
  if (!local && !isIpAddress(address) && typeof address !== 'string') {
    if (profile.badAddress === 'einval') return ['error', 'einval'];
    throw new ErlangExit('badarg');
  }
  const p = portArgument(port, profile, 'connect');
  if (typeof p !== 'number') return p;
  port = p;
  const family = familyOf(opts, address);
  const parsed = parseWithIp(opts, profile, family, 'connect');
  if (!('create' in parsed)) return parsed;
  const { create, opts: sockOpts } = parsed;
  if (family === 'local' || local) {
    if (profile.backend === 'socket' && sockOpts.nodelay) return ['error', 'enotsup'];
    if (!local) return ['error', 'einval'];
  }
  let host: string | undefined;
  if (!local) {
    // An IP tuple of the other family: inet6_tcp (or inet_tcp) cannot use it.
    if (isIpAddress(address) && tupleFamily(address) !== family) return ['error', 'eafnosupport'];
    host = isIpAddress(address) ? ipToString(address) : (address as string);
  }
  const localHost = create.ip && create.ip[0] !== 'local' ? ipToString(create.ip as never) : undefined;
  const localPort = lastPortOption(opts) ?? 0;
  if (!local && localPort !== 0 && !sockOpts.reuseaddr && portInUse(family as 'inet' | 'inet6', localHost, localPort)) return ['error', 'eaddrinuse'];
  let transport: Transport | undefined;
  const base = onreadOptions(() => transport);
  const path = local ? pathOf((address as ['local', string | Buffer])[1]) : undefined;
  const conn = local
    ? net.connect({ ...base, path: path! })
    : net.connect({
        ...base,
        host: host!,
        port,
        family: family === 'inet6' ? 6 : 4,
        ...(localHost !== undefined ? { localAddress: localHost } : {}),
        ...(localPort ? { localPort } : {}),
      });
  transport = new Transport(conn, 'onread');
  const outcome = await new Promise<Posix | 'timeout' | undefined>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (r: Posix | 'timeout' | undefined): void => {
      if (timer) clearTimeout(timer);
      conn.off('connect', ok);
      conn.off('error', bad);
      resolve(r);
    };
    const ok = (): void => done(undefined);
    const bad = (e: NodeJS.ErrnoException): void => done(posixName(e.code));
    conn.once('connect', ok);
    conn.once('error', bad);
    if (timeout !== 'infinity') timer = setTimeout(() => done('timeout'), timeout);
  });
  if (outcome !== undefined) {
    conn.destroy();
    return ['error', (outcome as string) === 'enotfound' ? 'nxdomain' : outcome];
  }
  if (!caller.alive) {
    conn.destroy();
    return ['error', 'closed'];
  }
  setConnInfo(conn, local ? { family: 'local', peerPath: pathBinary((address as ['local', string | Buffer])[1]) } : { family: family as 'inet' | 'inet6', ...addressesOf(conn) });
  const sock = new StreamSocket(caller, sockOpts, profile, transport);
  passiveAtBirth(sock);
  return ['ok', sock];
}

/**
 * The family gen_tcp picks (gen_tcp:mod/2): the first inet, inet6 or local
 * option; else that of the last {ip,..}/{ifaddr,..} address; else the Address's
 * (an 8-tuple is IPv6, {local, Path} unix-domain).
 */
function familyOf(opts: readonly unknown[], address: unknown): 'inet' | 'inet6' | 'local' {
  let a = address;
  for (const o of opts) {
    if (o === 'inet' || o === 'inet6' || o === 'local') return o;
    if (Array.isArray(o) && o.length === 2 && (o[0] === 'ip' || o[0] === 'ifaddr')) a = o[1];
  }
  if (Array.isArray(a) && a.length === 2 && a[0] === 'local') return 'local';
  return tupleFamily(a) === 'inet6' ? 'inet6' : 'inet';
}

/** The last {port, P} option: it overrides the Port argument of listen, and binds connect's local end. */
function lastPortOption(opts: readonly unknown[]): number | undefined {
  let p: number | undefined;
  for (const o of opts) if (Array.isArray(o) && o.length === 2 && o[0] === 'port' && typeof o[1] === 'number') p = o[1];
  return p;
}

/**
 * The Port argument. inet: an integer out of range exits (badarg from listen,
 * function_clause from connect), an atom (a service name it cannot find) exits
 * badarg. socket: integers wrap modulo 65536, an atom is {error, einval}.
 * Anything else has no clause to match.
 */
function portArgument(port: unknown, profile: Profile, call: 'listen' | 'connect'): number | ['error', Reason] {
  if (typeof port === 'number' && Number.isInteger(port)) {
    if (profile.portArgument === 'wrap') return port & 0xffff;
    if (port >= 0 && port <= 65535) return port;
    throw call === 'listen' ? new ErlangExit('badarg') : new ErlangExit(['function_clause', []]);
  }
  if (typeof port === 'string') {
    if (profile.portArgument === 'wrap') return ['error', 'einval'];
    throw new ErlangExit('badarg');
  }
  throw new ErlangError('function_clause');
}

/** Whether an {ip,..}/{ifaddr,..} value is an address the socket can bind in `family`. */
function ipFits(v: unknown, family: 'inet' | 'inet6' | 'local'): boolean {
  if (v === 'any' || v === 'loopback') return family !== 'local';
  if (Array.isArray(v) && v.length === 2 && v[0] === 'local') return family === 'local';
  return isIpAddress(v) && tupleFamily(v) === family;
}

/**
 * parseCreateOptions, with the {ip,..}/{ifaddr,..} checks of the backend: an
 * address that is malformed or of the other family exits badarg (inet), or
 * (socket) the other options are checked first and the address is then
 * refused as {error, {invalid, {sockaddr, #{...}}}}.
 */
function parseWithIp(opts: Option[], profile: Profile, family: 'inet' | 'inet6' | 'local', call: 'listen' | 'connect', port = 0): ReturnType<typeof parseCreateOptions> | ['error', Reason] {
  const isIpOpt = (o: unknown): o is [string, unknown] => Array.isArray(o) && o.length === 2 && (o[0] === 'ip' || o[0] === 'ifaddr');
  const bad = (opts as unknown[]).filter((o) => isIpOpt(o) && !ipFits(o[1], family)) as Array<[string, unknown]>;
  if (bad.length === 0) return parseCreateOptions(call, opts, profile);
  if (profile.badIp === 'badarg') throw new ErlangExit('badarg');
  parseCreateOptions(call, (opts as unknown[]).filter((o) => !isIpOpt(o)) as Option[], profile);
  const p = lastPortOption(opts) ?? port;
  return ['error', invalidSockaddr(family, bad[bad.length - 1]![1], p) as Reason];
}

/**
 * libuv binds a client socket with SO_REUSEADDR, which inet does not set: a
 * port another socket holds must still fail. A bind without it (the addon's
 * listen, closed at once) tells; without the addon, the kernel's socket table.
 */
function portInUse(family: 'inet' | 'inet6', host: string | undefined, port: number): boolean {
  const native = getNative();
  if (!native) return portHeld(family, host, port);
  try {
    const { fd } = native.listen({ family, address: host ?? '', port, backlog: 0, reuseaddr: false, ...(family === 'inet6' ? { ipv6Only: true } : {}) });
    native.close(fd);
    return false;
  } catch (e) {
    return isNativeError(e, 'EADDRINUSE');
  }
}

/** Both ends of a TCP connection while Node still has them (they are gone with the handle). */
function addressesOf(conn: net.Socket): { local?: [string, number]; remote?: [string, number] } {
  return {
    ...(conn.localAddress !== undefined ? { local: [conn.localAddress, conn.localPort ?? 0] as [string, number] } : {}),
    ...(conn.remoteAddress !== undefined ? { remote: [conn.remoteAddress, conn.remotePort ?? 0] as [string, number] } : {}),
  };
}

/** {active, N} with N <= 0 in the option list: the socket starts passive and says so, as setopts would. */
function passiveAtBirth(sock: AnySocket): void {
  if (typeof sock.opts.active === 'number' && sock.opts.active <= 0) {
    sock.opts.active = false;
    sock.owner.deliver(['tcp_passive', sock]);
  }
}

function pathOf(p: string | Buffer): string {
  return Buffer.isBuffer(p) ? p.toString() : p;
}

/**
 * gen_tcp:listen/2: a socket listening on Port (0: any free port; inet.port
 * tells which). Returns ['ok', Socket], owned by the calling process, or
 * ['error', Reason] (eaddrinuse, eacces, ...). A bad option exits with badarg.
 * Sockets that accept takes from it have its options, so the same data type.
 */
export async function listen<O extends Option[] = []>(port: number, opts?: [...O]): Promise<Result<Socket<DataOf<O>>>>;
export async function listen(port: number, opts: Option[] = []): Promise<Result<Socket>> {
  const caller = currentProcess();
  // inet:gen_tcp_module/1 takes the list apart before anything else.
  refuseObjectOptions(opts, 'options');
  if (!Array.isArray(opts)) throw new ErlangError('function_clause');
  const profile = profileOf(opts);
  const p = portArgument(port, profile, 'listen');
  if (typeof p !== 'number') return p;
  // The Port argument goes first in the option list: a {port, P} option after it wins.
  const listenPort = lastPortOption(opts) ?? p;
  const family = familyOf(opts, undefined);
  const parsed = parseWithIp(opts, profile, family, 'listen', listenPort);
  if (!('create' in parsed)) return parsed;
  const { create, opts: sockOpts } = parsed;
  if (family === 'local' && profile.backend === 'socket' && sockOpts.nodelay) return ['error', 'enotsup'];
  const where = {
    family,
    port: listenPort,
    backlog: create.backlog,
    reuseaddr: sockOpts.reuseaddr,
    ...(create.ip && create.ip[0] === 'local' ? { path: create.ip[1] as string } : {}),
    ...(create.ip && create.ip[0] !== 'local' ? { host: ipToString(create.ip as never) } : {}),
  };
  const source = (await nativeSource(where)) ?? (await serverSource(where));
  if (Array.isArray(source)) return source;
  const lsock = new ListenSocket(caller, sockOpts, profile, source);
  passiveAtBirth(lsock);
  return ['ok', lsock];
}

/**
 * gen_tcp:accept/1,2: the next connection on a listening socket, waiting up to
 * `timeout` ms. Returns ['ok', Socket], owned by the calling process, or
 * ['error', Reason] (timeout, closed; einval for a connected socket).
 */
export async function accept<D>(lsock: Socket<D>, timeout?: Timeout): Promise<Result<Socket<D>>>;
export async function accept(lsock: Socket, timeout: Timeout = 'infinity'): Promise<Result<Socket>> {
  if (!(lsock instanceof ListenSocket)) {
    if (lsock instanceof StreamSocket) return ['error', 'einval'];
    throw new ErlangExit('badarg');
  }
  if (!isTimeout(timeout)) throw new ErlangExit('badarg');
  const caller = currentProcess();
  const r = await lsock.accept(caller, timeout);
  if (r[0] === 'error') return r;
  const conn = r[1];
  const transport = new Transport(conn, (conn as net.Socket & { gentcpOnread?: boolean }).gentcpOnread ? 'onread' : 'stream');
  (conn as net.Socket & { gentcpTransport?: Transport }).gentcpTransport = transport;
  const where = lsock.source.address;
  setConnInfo(conn, where.family === 'local' ? { family: 'local', path: pathBinary(where.path) } : { family: where.family, ...addressesOf(conn) });
  return ['ok', new StreamSocket(caller, { ...lsock.opts, linger: [...lsock.opts.linger] }, lsock.profile, transport)];
}

/**
 * gen_tcp:send/2: sends iodata (a Buffer, a latin1 string, or nested arrays of
 * bytes, strings and Buffers), framed by the socket's packet type. Returns 'ok'
 * or ['error', Reason] (closed, timeout, ['timeout', Rest], ...).
 */
export function send(sock: Socket, data: IoData): Promise<'ok' | ['error', Reason]> {
  // One promise per call: the socket answers at once unless the send has to wait.
  try {
    return Promise.resolve(sendNow(sock, data));
  } catch (e) {
    return Promise.reject(e);
  }
}

function sendNow(sock: Socket, data: IoData): 'ok' | ['error', Reason] | Promise<'ok' | ['error', Reason]> {
  if (!(sock instanceof StreamSocket)) {
    if (sock instanceof ListenSocket) {
      // The socket backend from 27 on treats it as a failed connection and closes the listener.
      if (sock.profile.sendClosesListener && !sock.closed) {
        sock.failed = true;
        sock.closeNow();
      }
      return ['error', sock.profile.ioOnListenSocket];
    }
    throw new ErlangExit('badarg');
  }
  let payload: Buffer;
  try {
    payload = typeof data === 'number' && sock.profile.bareIntegerIsData ? iodataToBuffer([data]) : iodataToBuffer(data);
  } catch (e) {
    // inet's port refuses it as a bad request; the socket backend's checks raise.
    if (!(e instanceof ErlangExit)) throw e;
    if (sock.profile.badIodata === 'einval') return ['error', 'einval'];
    // The socket backend names a bad list: error:{invalid, {data, List}}; anything else is badarg.
    throw new ErlangError(Array.isArray(data) ? ['invalid', ['data', data]] : 'badarg');
  }
  return sock.send(currentProcess(), withPacketHeader(sock.opts.packet, payload));
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
    return Promise.resolve(recvNow(sock, length, timeout));
  } catch (e) {
    return Promise.reject(e);
  }
}

function recvNow(sock: Socket, length: number, timeout: Timeout): Promise<Result<unknown>> | Result<unknown> {
  if (!(sock instanceof StreamSocket)) {
    if (sock instanceof ListenSocket) return ['error', sock.failed ? 'closed' : 'enotconn'];
    throw new ErlangExit('badarg');
  }
  if (!(Number.isInteger(length) && length >= 0) || !isTimeout(timeout)) throw new ErlangExit('badarg');
  return sock.recv(currentProcess(), length, timeout);
}

/** gen_tcp:close/1: closes the socket. Returns 'ok' (inet and socket 27+ also on a closed socket). */
export async function close(sock: Socket): Promise<'ok' | ['error', Reason]> {
  if (!(sock instanceof StreamSocket) && !(sock instanceof ListenSocket)) throw new ErlangExit('badarg');
  return sock.close();
}

/**
 * gen_tcp:shutdown/2: closes the read side, the write side (a FIN after the
 * queued data) or both, keeping the socket. Returns 'ok' or ['error', Reason].
 */
export async function shutdown(sock: Socket, how: 'read' | 'write' | 'read_write'): Promise<'ok' | ['error', Reason]> {
  if (!(sock instanceof StreamSocket) && !(sock instanceof ListenSocket)) throw new ErlangError('function_clause');
  if (!['read', 'write', 'read_write'].includes(how)) {
    if (sock.profile.badShutdownHow === 'enotconn') return ['error', 'enotconn'];
    throw new ErlangError(sock.profile.badShutdownHow === 'invalid' ? ['invalid', ['how', how]] : 'function_clause');
  }
  if (sock instanceof ListenSocket) {
    if (sock.profile.shutdownListen === 'enotconn' || sock.shutDown) return ['error', 'enotconn'];
    sock.shutDown = true;
    return 'ok';
  }
  return sock.shutdown(how);
}

/** The messages controlling_process moves (inet's tcp_sync_input): data and the close, not errors or tcp_passive. */
const isSocketMessage = (sock: AnySocket) => (m: unknown): boolean =>
  Array.isArray(m) && ((m[1] === sock && (m[0] === 'tcp' || m[0] === 'tcp_closed')) || (m[0] === sock && Array.isArray(m[1]) && m[1][0] === 'data'));

/**
 * gen_tcp:controlling_process/2: makes `pid` the socket's owner; only the owner
 * may give it away, and its queued messages from the socket go with it.
 * Returns 'ok' or ['error', Reason] (not_owner, closed, badarg, einval).
 */
export async function controlling_process(sock: Socket, pid: Pid): Promise<'ok' | ['error', Reason]> {
  if (!(sock instanceof StreamSocket) && !(sock instanceof ListenSocket)) throw new ErlangError('function_clause');
  if (!isPid(pid)) throw new ErlangError('function_clause');
  const caller = currentProcess();
  const target = lookup(pid);
  if (sock.closed) return ['error', sock.profile.controllingProcessOnClosed];
  // Giving the socket to its owner is ok whoever asks (inet checks the connected process first).
  if (target !== undefined && sock.owner === target) return 'ok';
  if (sock.owner !== caller) return ['error', 'not_owner'];
  if (sock instanceof StreamSocket && sock.endOfStreamReported && sock.profile.controllingProcessAfterClosed === 'einval') return ['error', 'einval'];
  if (sock.profile.backend === 'inet') return inetTransfer(sock, caller, target);
  if (!target?.alive) {
    sock.closeNow();
    return 'ok';
  }
  sock.setOwner(target);
  for (const m of caller.takeMessages(isSocketMessage(sock))) target.deliver(m);
  return 'ok';
}

/**
 * inet:tcp_controlling_process/2: the socket goes passive, the caller's queued
 * socket messages move to the new owner (a tcp_closed among them ends it there:
 * the socket is gone), then the port is connected to the new owner and the
 * active mode restored. A dead new owner fails that last step with badarg,
 * leaving the socket passive.
 */
function inetTransfer(sock: AnySocket, caller: ReturnType<typeof currentProcess>, target: ReturnType<typeof lookup>): 'ok' | ['error', Reason] {
  const active = sock.opts.active;
  sock.opts.active = false;
  const moved = caller.takeMessages(isSocketMessage(sock));
  for (const m of moved) target?.deliver(m);
  if (moved.some((m) => Array.isArray(m) && m[0] === 'tcp_closed')) return 'ok';
  if (!target?.alive) return ['error', 'badarg'];
  sock.setOwner(target);
  sock.opts.active = active;
  if (sock instanceof StreamSocket) sock.optionsChanged();
  return 'ok';
}
