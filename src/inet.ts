/** inet: the option and address calls that go with gen_tcp. */
import { ipToTuple } from './address.js';
import { ErlangExit } from './erlang/errors.js';
import { getoptsOn, setoptsOn } from './options/socket-options.js';
import type { Option } from './options/types.js';
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
  return setoptsOn(sock, opts);
}

/** inet:getopts/2 */
export function getopts(sock: Socket, names: string[]): ['ok', Option[]] | ['error', Reason] {
  check(sock);
  return getoptsOn(sock, names);
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
