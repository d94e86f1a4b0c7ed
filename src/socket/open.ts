/**
 * Making connections and listeners: what connect, listen and accept do alike
 * on both backends once the backend has checked the arguments and options.
 */
import net from 'node:net';
import { ipToString, pathBinary, setConnInfo, tupleFamily } from '../address.js';
import type { Posix, Reason } from '../erlang/reasons.js';
import { getNative, isNativeError } from '../native/index.js';
import { isLocalAddress, lastPortOption, type Family } from '../options/create-args.js';
import { kernelSet } from '../options/kernel.js';
import { isIpAddress } from '../options/parse.js';
import { cloneOptions, type Address, type CreateOptions, type Option, type SocketOptions, type Timeout } from '../options/types.js';
import type { Process } from '../process/process.js';
import type { GenSocket } from './base.js';
import { portHeld, serverSource, type ConnectionSource, type ListenSocket } from './listener.js';
import { nativeSource, type AcceptedSocket } from './native-source.js';
import { Transport, onreadOptions, posixName } from './transport.js';

/** An option list as the backend's parser left it. */
export interface Parsed {
  create: CreateOptions;
  opts: SocketOptions;
}

/**
 * The connection itself, bound and timed as connect asks. Returns its
 * Transport, or gen_tcp's error (econnrefused, timeout, nxdomain, ...).
 */
export async function openConnection(caller: Process, address: Address, port: number, opts: Option[], family: Family, parsed: Parsed, timeout: Timeout): Promise<Transport | ['error', Reason]> {
  const { create, opts: sockOpts } = parsed;
  const local = isLocalAddress(address);
  let host: string | undefined;
  if (!local) {
    // An IP tuple of the other family: inet6_tcp (or inet_tcp) cannot use it.
    if (isIpAddress(address) && tupleFamily(address) !== family) return ['error', 'eafnosupport'];
    host = isIpAddress(address) ? ipToString(address) : (address as string);
    // Node would take "" as localhost; Erlang's resolver finds no host of that name.
    if (host === '') return ['error', 'nxdomain'];
  }
  const localHost = create.ip && create.ip[0] !== 'local' ? ipToString(create.ip as never) : undefined;
  const localPort = lastPortOption(opts) ?? 0;
  if (!local && localPort !== 0 && !sockOpts.reuseaddr && portInUse(family as 'inet' | 'inet6', localHost, localPort)) return ['error', 'eaddrinuse'];
  let transport: Transport | undefined;
  const base = onreadOptions(() => transport);
  const conn = local
    ? net.connect({ ...base, path: pathOf(address[1]) })
    : net.connect({
        ...base,
        host: host!,
        port,
        family: family === 'inet6' ? 6 : 4,
        ...(localHost !== undefined ? { localAddress: localHost } : {}),
        ...(localPort ? { localPort } : {}),
      });
  transport = new Transport(conn, 'onread');
  if (!local) transport.kernelBirth = { nodelay: false, keepalive: false, reuseaddr: localHost !== undefined || localPort !== 0 };
  const outcome = await connected(conn, timeout);
  if (outcome !== undefined) {
    conn.destroy();
    return ['error', (outcome as string) === 'enotfound' ? 'nxdomain' : outcome];
  }
  if (!caller.alive) {
    conn.destroy();
    return ['error', 'closed'];
  }
  // Connected to an IP literal, the peer is that address: no getpeername for it.
  const remote = isIpAddress(address) ? { remote: [host!, port] as [string, number] } : remoteOf(conn);
  setConnInfo(conn, local ? { family: 'local', peerPath: pathBinary(address[1]) } : { family: family as 'inet' | 'inet6', ...localOf(conn), ...remote });
  return transport;
}

/** Waits for the connection, an error, or `timeout`. */
function connected(conn: net.Socket, timeout: Timeout): Promise<Posix | 'timeout' | undefined> {
  return new Promise<Posix | 'timeout' | undefined>((resolve) => {
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
}

/** Where connections for a listen socket come from: the addon's listening fd, else a net.Server. */
export async function listenSource(parsed: Parsed, family: Family, port: number): Promise<ConnectionSource | ['error', Posix]> {
  const { create, opts } = parsed;
  const where = {
    family,
    port,
    backlog: create.backlog,
    reuseaddr: opts.reuseaddr,
    ...(create.ip && create.ip[0] === 'local' ? { path: create.ip[1] as string } : {}),
    ...(create.ip && create.ip[0] !== 'local' ? { host: ipToString(create.ip as never) } : {}),
  };
  const native = await nativeSource(where);
  if (native && !Array.isArray(native) && native.fd !== undefined) {
    // inet_drv sets the buffers before listen(): a connection's window is negotiated from the
    // listening socket's receive buffer at the handshake, too early for the accepted socket's own setopts.
    if (opts.recbuf !== undefined) kernelSet(native.fd, 'recbuf', opts.recbuf);
    if (opts.sndbuf !== undefined) kernelSet(native.fd, 'sndbuf', opts.sndbuf);
  }
  return native ?? (await serverSource(where));
}

/** The Transport of a connection accept took from `lsock`. */
export function acceptedTransport(conn: net.Socket, lsock: ListenSocket): Transport {
  const transport = new Transport(conn, (conn as net.Socket & { gentcpOnread?: boolean }).gentcpOnread ? 'onread' : 'stream');
  transport.kernelBirth = lsock.source.acceptedFlags;
  (conn as net.Socket & { gentcpTransport?: Transport }).gentcpTransport = transport;
  const where = lsock.source.address;
  if (where.family === 'local') setConnInfo(conn, { family: 'local', path: pathBinary(where.path) });
  else {
    // accept4 gave the peer, and a listener bound to one address gives the local end: no getpeername or getsockname for them.
    const peer = (conn as AcceptedSocket).gentcpPeer;
    const bound = where.ip !== '' && where.ip !== '0.0.0.0' && where.ip !== '::';
    setConnInfo(conn, {
      family: where.family,
      ...(bound ? { local: [where.ip, lsock.source.port] as [string, number] } : localOf(conn)),
      ...(peer?.address !== undefined ? { remote: [peer.address, peer.port ?? 0] as [string, number] } : remoteOf(conn)),
    });
  }
  return transport;
}

/** An accepted socket's options: the listen socket's, a copy. */
export const inheritedOptions = (lsock: ListenSocket): SocketOptions => cloneOptions(lsock.opts);

/** {active, N} with N <= 0 in the option list: the socket starts passive and says so, as setopts would. */
export function passiveAtBirth<S extends Pick<GenSocket, 'opts' | 'owner'>>(sock: S): S {
  if (typeof sock.opts.active === 'number' && sock.opts.active <= 0) {
    sock.opts.active = false;
    sock.owner.deliver(['tcp_passive', sock]);
  }
  return sock;
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

/** The local end of a TCP connection while Node still has it (it is gone with the handle). */
function localOf(conn: net.Socket): { local?: [string, number] } {
  return conn.localAddress !== undefined ? { local: [conn.localAddress, conn.localPort ?? 0] } : {};
}

/** The other end, likewise. */
function remoteOf(conn: net.Socket): { remote?: [string, number] } {
  return conn.remoteAddress !== undefined ? { remote: [conn.remoteAddress, conn.remotePort ?? 0] } : {};
}

function pathOf(p: string | Buffer): string {
  return Buffer.isBuffer(p) ? p.toString() : p;
}
