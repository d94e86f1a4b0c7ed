/**
 * gen_tcp for Node.js: the same calls, results and messages as Erlang's
 * gen_tcp, under the inet or socket backend of a chosen OTP release.
 */
import net from 'node:net';
import { ipToString } from './address.js';
import { ErlangExit } from './erlang/errors.js';
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
  return ['ok', new StreamSocket(caller, sockOpts, profile, transport)];
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
  return ['ok', new ListenSocket(caller, sockOpts, profile, source)];
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

const isSocketMessage = (sock: Socket) => (m: unknown): boolean =>
  Array.isArray(m) && m[1] === sock && ['tcp', 'tcp_closed', 'tcp_error', 'tcp_passive', 'http'].includes(m[0] as string);

/** gen_tcp:controlling_process/2: only the owner may give the socket away; queued messages go with it. */
export async function controlling_process(sock: Socket, pid: Pid): Promise<'ok' | ['error', Reason]> {
  if (!(sock instanceof StreamSocket) && !(sock instanceof ListenSocket)) throw new ErlangExit('badarg');
  if (!isPid(pid)) throw new ErlangExit('badarg');
  const caller = currentProcess();
  if (sock.closed) return ['error', sock.profile.onClosedSocket === 'einval' ? 'einval' : 'closed'];
  if (sock.owner !== caller) return ['error', 'not_owner'];
  if (sock instanceof StreamSocket && sock.endOfStreamReported && sock.profile.controllingProcessAfterClosed === 'einval') return ['error', 'einval'];
  const target = lookup(pid);
  if (!target?.alive) {
    if (sock.profile.controllingProcessToDead === 'badarg') return ['error', 'badarg'];
    sock.closeNow();
    return 'ok';
  }
  if (target === caller) return 'ok';
  sock.setOwner(target);
  for (const m of caller.takeMessages(isSocketMessage(sock))) target.deliver(m);
  return 'ok';
}
