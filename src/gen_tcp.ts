/**
 * gen_tcp for Node.js: the same calls, results and messages as Erlang's
 * gen_tcp, under the inet or socket backend of a chosen OTP release.
 */
import net from 'node:net';
import { ipToString } from './address.js';
import { ErlangError, ErlangExit } from './erlang/errors.js';
import { isIpAddress, parseCreateOptions } from './options/parse.js';
import type { Address, Option, Timeout } from './options/types.js';
import { currentProcess, lookup } from './process/process.js';
import { isPid, type Pid } from './process/pid.js';
import { profileFor, defaultOtp, type Backend, type Profile } from './profile/profiles.js';
import { iodataToBuffer, packetHeader, type IoData } from './socket/iodata.js';
import { ListenSocket, serverSource } from './socket/listener.js';
import { StreamSocket, type Reason, type Result } from './socket/stream.js';
import { Transport, onreadOptions, posixName } from './socket/transport.js';
import { nativeSource } from './socket/native-source.js';

export type Socket = StreamSocket | ListenSocket;
export type { Reason, Result };

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

/** gen_tcp:connect/3,4 */
export async function connect(address: Address, port: number, opts: Option[] = [], timeout: Timeout = 'infinity'): Promise<Result<Socket>> {
  const caller = currentProcess();
  const profile = profileOf(opts);
  const { create, opts: sockOpts } = parseCreateOptions('connect', opts, profile);
  if (!isTimeout(timeout)) throw new ErlangExit('badarg');
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new ErlangExit('badarg');
  const local = Array.isArray(address) && address[0] === 'local';
  if (create.family === 'local' || local) {
    if (profile.backend === 'socket' && sockOpts.nodelay) return ['error', 'enotsup'];
    if (!local) return ['error', 'einval'];
  }
  let host: string | undefined;
  if (!local) {
    if (isIpAddress(address)) host = ipToString(address);
    else if (typeof address === 'string') host = address;
    else throw new ErlangExit('badarg');
  }
  let transport: Transport | undefined;
  const base = onreadOptions(() => transport);
  const conn = local
    ? net.connect({ ...base, path: pathOf((address as ['local', string | Buffer])[1]) })
    : net.connect({
        ...base,
        host: host!,
        port,
        family: create.family === 'inet6' ? 6 : 4,
        ...(create.ip && create.ip[0] !== 'local' ? { localAddress: ipToString(create.ip as never) } : {}),
        ...(create.port ? { localPort: create.port } : {}),
      });
  transport = new Transport(conn, 'onread');
  const outcome = await new Promise<string | undefined>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (r: string | undefined): void => {
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
    return ['error', outcome === 'enotfound' ? 'nxdomain' : outcome];
  }
  if (!caller.alive) {
    conn.destroy();
    return ['error', 'closed'];
  }
  const sock = new StreamSocket(caller, sockOpts, profile, transport);
  passiveAtBirth(sock);
  return ['ok', sock];
}

/** {active, N} with N <= 0 in the option list: the socket starts passive and says so, as setopts would. */
function passiveAtBirth(sock: Socket): void {
  if (typeof sock.opts.active === 'number' && sock.opts.active <= 0) {
    sock.opts.active = false;
    sock.owner.deliver(['tcp_passive', sock]);
  }
}

function pathOf(p: string | Buffer): string {
  return Buffer.isBuffer(p) ? p.toString() : p;
}

/** gen_tcp:listen/2 */
export async function listen(port: number, opts: Option[] = []): Promise<Result<ListenSocket>> {
  const caller = currentProcess();
  const profile = profileOf(opts);
  const { create, opts: sockOpts } = parseCreateOptions('listen', opts, profile);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new ErlangExit('badarg');
  if (create.family === 'local' && profile.backend === 'socket' && sockOpts.nodelay) return ['error', 'enotsup'];
  const where = {
    family: create.family,
    port: port || create.port,
    backlog: create.backlog,
    reuseaddr: sockOpts.reuseaddr,
    ...(create.ip && create.ip[0] === 'local' ? { path: create.ip[1] as string } : {}),
    ...(create.ip && create.ip[0] !== 'local' ? { host: ipToString(create.ip as never) } : {}),
  };
  const source = (await nativeSource(where)) ?? (await serverSource(where));
  if (Array.isArray(source)) return source as ['error', string];
  const lsock = new ListenSocket(caller, sockOpts, profile, source);
  passiveAtBirth(lsock);
  return ['ok', lsock];
}

/** gen_tcp:accept/1,2 */
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
  return ['ok', new StreamSocket(caller, { ...lsock.opts, linger: [...lsock.opts.linger] }, lsock.profile, transport)];
}

/** gen_tcp:send/2 */
export async function send(sock: Socket, data: IoData): Promise<'ok' | ['error', Reason]> {
  if (!(sock instanceof StreamSocket)) {
    if (sock instanceof ListenSocket) return ['error', 'enotconn'];
    throw new ErlangExit('badarg');
  }
  const payload = iodataToBuffer(data);
  const header = packetHeader(sock.opts.packet, payload.length);
  if (!header) return ['error', 'emsgsize'];
  return sock.send(currentProcess(), header.length ? Buffer.concat([header, payload]) : payload);
}

/** gen_tcp:recv/2,3 */
export async function recv(sock: Socket, length: number, timeout: Timeout = 'infinity'): Promise<Result<unknown>> {
  if (!(sock instanceof StreamSocket)) {
    if (sock instanceof ListenSocket) return ['error', 'enotconn'];
    throw new ErlangExit('badarg');
  }
  if (!(Number.isInteger(length) && length >= 0) || !isTimeout(timeout)) throw new ErlangExit('badarg');
  return sock.recv(currentProcess(), length, timeout);
}

/** gen_tcp:close/1 */
export async function close(sock: Socket): Promise<'ok' | ['error', Reason]> {
  if (!(sock instanceof StreamSocket) && !(sock instanceof ListenSocket)) throw new ErlangExit('badarg');
  return sock.close();
}

/** gen_tcp:shutdown/2 */
export async function shutdown(sock: Socket, how: 'read' | 'write' | 'read_write'): Promise<'ok' | ['error', Reason]> {
  if (!['read', 'write', 'read_write'].includes(how)) throw new ErlangExit('badarg');
  if (sock instanceof ListenSocket) return ['error', 'enotconn'];
  if (!(sock instanceof StreamSocket)) throw new ErlangExit('badarg');
  return sock.shutdown(how);
}

/** The messages controlling_process moves (inet's tcp_sync_input): data and the close, not errors or tcp_passive. */
const isSocketMessage = (sock: Socket) => (m: unknown): boolean =>
  Array.isArray(m) && ((m[1] === sock && (m[0] === 'tcp' || m[0] === 'tcp_closed')) || (m[0] === sock && Array.isArray(m[1]) && m[1][0] === 'data'));

/** gen_tcp:controlling_process/2: only the owner may give the socket away; queued messages go with it. */
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
function inetTransfer(sock: Socket, caller: ReturnType<typeof currentProcess>, target: ReturnType<typeof lookup>): 'ok' | ['error', Reason] {
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
