/** A socket's own address and its peer's, as inet:sockname/1 and inet:peername/1 give them. */
import net from 'node:net';
import { getConnInfo, ipToTuple, pathBinary } from '../address.js';
import type { Reason } from '../erlang/reasons.js';
import { getNative } from '../native/index.js';
import type { IpAddress } from '../options/types.js';
import type { AnySocket } from './kinds.js';
import type { StreamSocket } from './stream.js';

/** An end of a socket as sockname and peername give it: {Address, Port}, or {local, Path}. */
export type SockAddr = [IpAddress, number] | ['local', Buffer];

/** A unix-domain end's path from the kernel (the addon), where it can be asked. */
function kernelPath(sock: StreamSocket, which: 'sockname' | 'peername'): Buffer | undefined {
  const native = getNative();
  const fd = sock.transport.fd;
  if (!native || fd === undefined) return undefined;
  try {
    const n = native[which](fd);
    return n.family === 'local' ? pathBinary(n.path ?? '', 'latin1') : undefined;
  } catch {
    return undefined;
  }
}

/** The local end of an open socket. */
export function socknameOf(sock: AnySocket): ['ok', SockAddr] | ['error', Reason] {
  if (sock.kind === 'listen') {
    const a = sock.source.address;
    return a.family === 'local' ? ['ok', ['local', pathBinary(a.path)]] : ['ok', [ipToTuple(a.ip), sock.source.port]];
  }
  const c: net.Socket = sock.transport.conn;
  const info = getConnInfo(c);
  if (info?.family === 'local') return ['ok', ['local', kernelPath(sock, 'sockname') ?? info.path ?? Buffer.alloc(0)]];
  if (c.localAddress !== undefined) return ['ok', [ipToTuple(c.localAddress), c.localPort ?? 0]];
  if (info?.local) return ['ok', [ipToTuple(info.local[0]), info.local[1]]];
  return ['error', 'einval'];
}

/** The other end of an open socket (a listen socket has none). */
export function peernameOf(sock: AnySocket): ['ok', SockAddr] | ['error', Reason] {
  if (sock.kind === 'listen') return ['error', 'enotconn'];
  const c = sock.transport.conn;
  const info = getConnInfo(c);
  if (info?.family === 'local') return ['ok', ['local', kernelPath(sock, 'peername') ?? info.peerPath ?? Buffer.alloc(0)]];
  if (c.remoteAddress !== undefined) return ['ok', [ipToTuple(c.remoteAddress), c.remotePort ?? 0]];
  if (info?.remote) return ['ok', [ipToTuple(info.remote[0]), info.remote[1]]];
  return ['error', 'enotconn'];
}
