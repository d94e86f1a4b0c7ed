/** inet: the option and address calls that go with gen_tcp. */
import { getConnInfo, ipToTuple, pathBinary } from './address.js';
import { ErlangError, ErlangExit } from './erlang/errors.js';
import { getNative } from './native/index.js';
import { refuseObjectOptions } from './options/object-options.js';
import { getoptsOn, setoptsOn } from './options/socket-options.js';
import type { IpAddress, Option } from './options/types.js';
import { ListenSocket } from './socket/listener.js';
import type { Reason } from './erlang/reasons.js';
import type { Socket } from './socket/base.js';
import { isSocket, type AnySocket } from './socket/kinds.js';
import { StreamSocket } from './socket/stream.js';

function check(sock: unknown): asserts sock is AnySocket {
  if (!isSocket(sock)) throw new ErlangExit('badarg');
}

const closedError = (s: AnySocket): ['error', Reason] => ['error', s.profile.onClosedSocket];

/** inet:setopts/2: sets options on a socket (an option list, as listen and connect take). Returns 'ok' or ['error', Reason] (einval for a bad option). */
export function setopts(sock: Socket, opts: Option[]): 'ok' | ['error', Reason] {
  check(sock);
  refuseObjectOptions(opts, 'options');
  return setoptsOn(sock, opts);
}

/** inet:getopts/2: the values of the named options. Returns ['ok', Option[]] or ['error', Reason]. */
export function getopts(sock: Socket, names: string[]): ['ok', Option[]] | ['error', Reason] {
  check(sock);
  refuseObjectOptions(names, 'names');
  return getoptsOn(sock, names);
}

/**
 * inet:port/1: the second element of sockname. For a unix-domain socket that
 * is its path, a Buffer, as Erlang gives it (connect-listen.local-listen); the
 * declared type stays `number` for the callers that bind ports by number.
 */
export function port(sock: Socket): ['ok', number] | ['error', Reason] {
  check(sock);
  const r = sockname(sock);
  return r[0] === 'ok' ? ['ok', r[1][1] as number] : r;
}

/** An end of a socket as sockname and peername give it: {Address, Port}, or {local, Path}. */
export type SockAddr = [IpAddress, number] | ['local', Buffer];

/**
 * inet: once recv saw the end (exit_on_close), inet_drv closed the descriptor
 * but the port lives on: sockname says ebadf, peername enotconn.
 */
const descriptorGone = (sock: StreamSocket): boolean => sock.profile.endModel === 'inet' && sock.transport.destroyed;

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

/** inet:sockname/1: the socket's local address. Returns ['ok', SockAddr] or ['error', Reason]. */
export function sockname(sock: Socket): ['ok', SockAddr] | ['error', Reason] {
  check(sock);
  if (sock.closed) return ['error', sock.profile.addressOnClosed];
  if (sock instanceof ListenSocket) {
    const a = sock.source.address;
    return a.family === 'local' ? ['ok', ['local', pathBinary(a.path)]] : ['ok', [ipToTuple(a.ip), sock.source.port]];
  }
  if (descriptorGone(sock)) return ['error', 'ebadf'];
  const c = sock.transport.conn;
  const info = getConnInfo(c);
  if (info?.family === 'local') return ['ok', ['local', kernelPath(sock, 'sockname') ?? info.path ?? Buffer.alloc(0)]];
  if (c.localAddress !== undefined) return ['ok', [ipToTuple(c.localAddress), c.localPort ?? 0]];
  if (info?.local) return ['ok', [ipToTuple(info.local[0]), info.local[1]]];
  return ['error', 'einval'];
}

/** inet:peername/1: the address of the other end. Returns ['ok', SockAddr] or ['error', Reason] (enotconn). */
export function peername(sock: Socket): ['ok', SockAddr] | ['error', Reason] {
  check(sock);
  if (sock.closed) return ['error', sock.profile.addressOnClosed];
  if (sock instanceof ListenSocket) return ['error', 'enotconn'];
  if (descriptorGone(sock)) return ['error', 'enotconn'];
  const c = sock.transport.conn;
  const info = getConnInfo(c);
  if (info?.family === 'local') return ['ok', ['local', kernelPath(sock, 'peername') ?? info.peerPath ?? Buffer.alloc(0)]];
  if (c.remoteAddress !== undefined) return ['ok', [ipToTuple(c.remoteAddress), c.remotePort ?? 0]];
  if (info?.remote) return ['ok', [ipToTuple(info.remote[0]), info.remote[1]]];
  return ['error', 'enotconn'];
}

/** Every name inet:getstat/2 knows, in getstat/1's order. */
const STATS = ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg', 'recv_dvi', 'send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend'] as const;

/**
 * inet:getstat/1,2. The names are checked for being a list first (no clause
 * otherwise, even on a closed socket); a name the backend does not know is
 * einval (inet), dropped (socket 27+), or crashes the socket's process (socket 25).
 */
export function getstat(sock: Socket, names?: readonly string[]): ['ok', Array<[string, number]>] | ['error', Reason] {
  check(sock);
  if (names !== undefined && !Array.isArray(names)) throw new ErlangError('function_clause');
  if (sock.closed) return closedError(sock);
  const profile = sock.profile;
  const s = sock instanceof StreamSocket ? sock.stats : { recv_oct: 0, recv_cnt: 0, recv_max: 0, send_oct: 0, send_cnt: 0, send_max: 0 };
  const avg = (oct: number, cnt: number): number => (cnt ? Math.floor(oct / cnt) : 0);
  const value = (n: string): number => {
    switch (n) {
      case 'recv_avg':
        return avg(s.recv_oct, s.recv_cnt);
      case 'send_avg':
        return avg(s.send_oct, s.send_cnt);
      case 'recv_max':
        return profile.getstatMaxIsAvg ? avg(s.recv_oct, s.recv_cnt) : s.recv_max;
      case 'send_max':
        return profile.getstatMaxIsAvg ? avg(s.send_oct, s.send_cnt) : s.send_max;
      case 'recv_dvi':
        return 0;
      case 'send_pend':
        if (!(sock instanceof StreamSocket)) return 0;
        // Sends gathered in this tick would already be in the kernel under inet_drv.
        sock.transport.flush();
        return sock.transport.queued;
      default:
        return (s as unknown as Record<string, number>)[n]!;
    }
  };
  const out: Array<[string, number]> = [];
  for (const n of names ?? profile.getstatNames) {
    if (!(STATS as readonly unknown[]).includes(n)) {
      if (profile.getstatUnknown === 'skip') continue;
      if (profile.getstatUnknown === 'einval') return ['error', 'einval'];
      // gen_tcp_socket's getstat_what has no clause for it: the socket's process dies, the call exits.
      sock.closeNow();
      throw new ErlangExit([['case_clause', n], []]);
    }
    if (!profile.getstatNames.includes(n)) continue;
    out.push([n, value(n)]);
  }
  return ['ok', out];
}
