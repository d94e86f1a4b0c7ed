/** inet: the option and address calls that go with gen_tcp. */
import { ipToTuple } from './address.js';
import { ErlangError, ErlangExit } from './erlang/errors.js';
import { applySetopts, GETTABLE } from './options/parse.js';
import type { Option, SocketOptions } from './options/types.js';
import { ListenSocket } from './socket/listener.js';
import { StreamSocket, type Reason } from './socket/stream.js';
import type { Socket } from './gen_tcp.js';

function check(sock: unknown): asserts sock is Socket {
  if (!(sock instanceof StreamSocket) && !(sock instanceof ListenSocket)) throw new ErlangExit('badarg');
}

const closedError = (s: Socket): ['error', Reason] => ['error', s.profile.onClosedSocket];

/** inet:setopts/2 */
export function setopts(sock: Socket, opts: Option[]): 'ok' | ['error', Reason] {
  check(sock);
  if (sock.closed) return closedError(sock);
  if (sock instanceof StreamSocket) {
    const refused = sock.setoptsAllowed();
    if (refused) return ['error', refused];
  }
  const before = sock.opts.active;
  const { opts: next, ok } = applySetopts(sock.opts, opts, sock.profile.setoptsAtomic);
  sock.opts = next;
  if (!ok) {
    if (sock instanceof StreamSocket) sock.optionsChanged();
    return ['error', 'einval'];
  }
  // {active, N} that leaves the count at zero or below makes the socket passive and says so, even if it was.
  const setsActiveN = (opts as unknown[]).some((o) => Array.isArray(o) && o[0] === 'active' && typeof o[1] === 'number');
  // The socket backend also says so when false ends a count.
  const endsCount = sock.profile.backend === 'socket' && typeof before === 'number' && next.active === false;
  if ((setsActiveN || endsCount) && next.active === false) sock.owner.deliver(['tcp_passive', sock]);
  if (sock instanceof StreamSocket) sock.optionsChanged();
  return 'ok';
}

/** inet:getopts/2 */
export function getopts(sock: Socket, names: string[]): ['ok', Option[]] | ['error', Reason] {
  check(sock);
  if (!Array.isArray(names)) throw new ErlangError('function_clause');
  if (sock.closed) return closedError(sock);
  const out: Option[] = [];
  for (const name of names) {
    if (!(GETTABLE as readonly string[]).includes(name)) return ['error', 'einval'];
    const v = optionValue(sock, name as keyof SocketOptions | 'backlog' | 'tclass');
    if (v === 'einval') return ['error', 'einval'];
    if (v !== 'omit') out.push([name, v] as unknown as Option);
  }
  return ['ok', out];
}

function optionValue(sock: Socket, name: keyof SocketOptions | 'backlog' | 'tclass'): unknown {
  const o = sock.opts;
  const socketBackend = sock.profile.backend === 'socket';
  switch (name) {
    case 'backlog':
    case 'reuseport':
      return socketBackend ? (name === 'reuseport' ? 'einval' : 'omit') : name === 'reuseport' && sock.profile.otp !== '25' ? o.reuseport : 'einval';
    case 'tclass':
      return 'omit';
    case 'line_delimiter':
      return socketBackend ? o.line_delimiter : 'einval';
    case 'high_watermark':
    case 'high_msgq_watermark':
    case 'low_msgq_watermark':
      return socketBackend ? 'omit' : o[name];
    case 'low_watermark':
      return socketBackend ? 1 : o.low_watermark;
    case 'nopush':
      return socketBackend ? 'omit' : o.nopush;
    case 'recbuf':
      return o.recbuf === undefined ? 131072 : Math.max(2304, o.recbuf * 2);
    case 'sndbuf':
      return o.sndbuf === undefined ? (sock instanceof ListenSocket ? 16384 : 4194304) : Math.max(4608, o.sndbuf * 2);
    case 'linger':
      return [o.linger[0], o.linger[1]];
    default:
      return o[name];
  }
}

/** inet:port/1 */
export function port(sock: Socket): ['ok', number] | ['error', Reason] {
  check(sock);
  if (sock.closed) return ['error', 'einval'];
  if (sock instanceof ListenSocket) return ['ok', sock.source.port];
  const p = sock.transport.conn.localPort;
  return p === undefined ? ['error', 'einval'] : ['ok', p];
}

type SockAddr = [ReturnType<typeof ipToTuple>, number] | ['local', string];

/** inet:sockname/1 */
export function sockname(sock: Socket): ['ok', SockAddr] | ['error', Reason] {
  check(sock);
  if (sock.closed) return ['error', 'einval'];
  if (sock instanceof ListenSocket) {
    const a = sock.source.address;
    return a.family === 'local' ? ['ok', ['local', a.path ?? '']] : ['ok', [ipToTuple(a.ip), sock.source.port]];
  }
  const c = sock.transport.conn;
  if (c.localAddress === undefined) return ['ok', ['local', '']];
  return ['ok', [ipToTuple(c.localAddress), c.localPort ?? 0]];
}

/** inet:peername/1 */
export function peername(sock: Socket): ['ok', SockAddr] | ['error', Reason] {
  check(sock);
  if (sock instanceof ListenSocket) return ['error', 'enotconn'];
  if (sock.closed) return ['error', sock.profile.otp === '25' || sock.profile.backend === 'inet' ? 'einval' : 'closed'];
  const c = sock.transport.conn;
  if (c.remoteAddress === undefined) return ['error', 'enotconn'];
  return ['ok', [ipToTuple(c.remoteAddress), c.remotePort ?? 0]];
}

const STATS = ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg', 'recv_dvi', 'send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend'] as const;

/** inet:getstat/1,2 */
export function getstat(sock: Socket, names: readonly string[] = STATS): ['ok', Array<[string, number]>] | ['error', Reason] {
  check(sock);
  if (sock.closed) return closedError(sock);
  const s = sock instanceof StreamSocket ? sock.stats : { recv_oct: 0, recv_cnt: 0, recv_max: 0, send_oct: 0, send_cnt: 0, send_max: 0 };
  const value = (n: string): number | undefined => {
    switch (n) {
      case 'recv_avg':
        return s.recv_cnt ? Math.floor(s.recv_oct / s.recv_cnt) : 0;
      case 'send_avg':
        return s.send_cnt ? Math.floor(s.send_oct / s.send_cnt) : 0;
      case 'recv_dvi':
        return 0;
      case 'send_pend':
        return sock instanceof StreamSocket ? sock.transport.queued : 0;
      default:
        return (s as unknown as Record<string, number>)[n];
    }
  };
  const out: Array<[string, number]> = [];
  for (const n of names) {
    const v = value(n);
    if (v === undefined) return ['error', 'einval'];
    out.push([n, v]);
  }
  return ['ok', out];
}
