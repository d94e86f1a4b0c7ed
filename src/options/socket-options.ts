/** setopts and getopts on a live socket: which options apply, and what getopts reports, per profile. */
import { ErlangError } from '../erlang/errors.js';
import { ListenSocket } from '../socket/listener.js';
import { StreamSocket, type Reason } from '../socket/stream.js';
import type { Socket } from '../gen_tcp.js';
import { applySetopts, GETTABLE } from './parse.js';
import type { Option, SocketOptions } from './types.js';

const closedError = (s: Socket): ['error', Reason] => ['error', s.profile.onClosedSocket];

/** inet:setopts/2 on a socket of either kind. */
export function setoptsOn(sock: Socket, opts: Option[]): 'ok' | ['error', Reason] {
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

/** inet:getopts/2 on a socket of either kind. */
export function getoptsOn(sock: Socket, names: string[]): ['ok', Option[]] | ['error', Reason] {
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

