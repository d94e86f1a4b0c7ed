/** inet: the option and address calls that go with gen_tcp, handed to the socket's backend where backends differ. */
import { ErlangError, ErlangExit } from './erlang/errors.js';
import { refuseObjectOptions } from './options/object-options.js';
import { getoptsOn, setoptsOn } from './options/socket-options.js';
import type { Option } from './options/types.js';
import type { Reason } from './erlang/reasons.js';
import type { Socket } from './socket/base.js';
import { getstatOf } from './socket/getstat.js';
import { isSocket, type AnySocket } from './socket/kinds.js';
import { addMonitor, cancelMonitor } from './socket/monitors.js';
import { currentProcess } from './process/process.js';
import { isRef, type Ref } from './process/ref.js';
import { peernameOf, socknameOf, type SockAddr } from './socket/names.js';

export type { SockAddr } from './socket/names.js';

function check(sock: unknown): asserts sock is AnySocket {
  if (!isSocket(sock)) throw new ErlangExit('badarg');
}

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

/** inet:sockname/1: the socket's local address. Returns ['ok', SockAddr] or ['error', Reason]. */
export function sockname(sock: Socket): ['ok', SockAddr] | ['error', Reason] {
  check(sock);
  const refused = sock.module.addressRefusal(sock, 'sockname');
  return refused === undefined ? socknameOf(sock) : ['error', refused];
}

/** inet:peername/1: the address of the other end. Returns ['ok', SockAddr] or ['error', Reason] (enotconn). */
export function peername(sock: Socket): ['ok', SockAddr] | ['error', Reason] {
  check(sock);
  const refused = sock.module.addressRefusal(sock, 'peername');
  return refused === undefined ? peernameOf(sock) : ['error', refused];
}

/**
 * inet:getstat/1,2. The names are checked for being a list first (no clause
 * otherwise, even on a closed socket); a name the backend does not know is
 * einval (inet), dropped (socket 27+), or crashes the socket's process (socket 25).
 */
export function getstat(sock: Socket, names?: readonly string[]): ['ok', Array<[string, number]>] | ['error', Reason] {
  check(sock);
  if (names !== undefined && !Array.isArray(names)) throw new ErlangError('function_clause');
  if (sock.closed) return ['error', sock.profile.onClosedSocket];
  return getstatOf(sock, names);
}

/**
 * inet:info/1: what the backend knows of the socket, as an object (Erlang's map). On inet:
 * `counters` (getstat's), `input`, `links`, `memory`, `monitors`, `output`, `owner` and
 * `states` (e.g. `['connected', 'open']`); on the socket backend: `active`, `counters`,
 * `ctype`, `domain`, `num_acceptors`, `num_readers`, `num_writers`, `owner`, `protocol`,
 * `rstates`, `type` and `wstates`. A closed socket shows its states alone (`closed`).
 * Anything but a socket raises error:function_clause.
 */
export function info(sock: Socket): Record<string, unknown> {
  if (!isSocket(sock)) throw new ErlangError('function_clause');
  return sock.module.info(sock);
}

/**
 * inet:monitor/1: the calling process is told once the socket goes, by a message
 * `['DOWN', Ref, Type, Socket, Reason]`. Type is `port` (inet backend; Reason is
 * `normal` after a close, or the owner's exit reason when the socket went with its
 * owner) or `socket` (socket backend; Reason `closed`). On a socket already gone
 * the message comes at once, with `noproc` (inet) or `nosock` (socket).
 * Anything but a socket raises error:badarg.
 */
export function monitor(sock: Socket): Ref {
  if (!isSocket(sock)) throw new ErlangError('badarg');
  return addMonitor(sock, currentProcess());
}

/** inet:cancel_monitor/1: drops a monitor made by {@link monitor}; true if it was still active, false otherwise. Anything but a reference raises error:badarg. */
export function cancel_monitor(ref: Ref): boolean {
  if (!isRef(ref)) throw new ErlangError('badarg');
  return cancelMonitor(ref, currentProcess());
}
