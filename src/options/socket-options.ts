/** setopts and getopts on a live socket: which options apply, and what getopts reports, per backend and profile. */
import { ErlangError, ErlangExit } from '../erlang/errors.js';
import { ListenSocket } from '../socket/listener.js';
import { StreamSocket, type Reason } from '../socket/stream.js';
import type { AnySocket as Socket } from '../socket/kinds.js';
import { emulatedBuffer, isKernelOption, kernelGet, kernelSet, syncKernelOptions } from './kernel.js';
import { allOptions, applySetopts, GETTABLE, tosTerm } from './parse.js';
import type { Option, SocketOptions } from './types.js';

const closedError = (s: Socket): ['error', Reason] => ['error', s.profile.onClosedSocket];

/** Names getopts leaves out of its answer (not an option of an IPv4 socket). */
const OMITTED: readonly string[] = ['tclass'];

/** The socket's fd where the kernel can be asked (a stream socket with the addon), after giving it the stored options once. */
function kernelFd(sock: Socket): number | undefined {
  if (!(sock instanceof StreamSocket)) return undefined;
  const fd = sock.transport.fd;
  syncKernelOptions(sock, fd, sock.opts, sock.transport.kernelBirth);
  return fd;
}

/** inet:setopts/2 on a socket of either kind. */
export function setoptsOn(sock: Socket, opts: Option[]): 'ok' | ['error', Reason] {
  const rules = sock.profile.options;
  // The list's shape is checked before the socket is asked (inet's comprehension, gen_tcp_socket's clauses).
  if (!Array.isArray(opts)) throw sock.module.options.nonList(opts);
  if (rules.badElement === 'badarg' && !allOptions(opts)) throw new ErlangExit('badarg');
  if (sock.closed) return closedError(sock);
  if (sock instanceof StreamSocket) {
    const refused = sock.setoptsAllowed();
    if (refused) return ['error', refused];
  }
  const fd = kernelFd(sock);
  const { opts: next, result, passive } = applySetopts(sock.opts, opts, sock.profile, sock.module.options, fd === undefined ? undefined : (name, value) => kernelSet(fd, name, value));
  sock.opts = next;
  // One {tcp_passive, S} when a step of the list reached 0, whatever later steps set.
  if (passive) sock.owner.deliver(['tcp_passive', sock]);
  if (sock instanceof StreamSocket) sock.optionsChanged();
  return result as 'ok' | ['error', Reason];
}

/** inet:getopts/2 on a socket of either kind. */
export function getoptsOn(sock: Socket, names: string[]): ['ok', Option[]] | ['error', Reason] {
  const rules = sock.profile.options;
  if (!Array.isArray(names)) throw new ErlangError('function_clause');
  // gen_tcp_socket reads the names before asking its server: a tuple there is badarg (OTP 25).
  if (rules.badElement === 'badarg' && names.some((n) => typeof n !== 'string')) throw new ErlangExit('badarg');
  if (sock.closed) return closedError(sock);
  if (sock instanceof StreamSocket && sock.serverClosed) return ['error', 'einval'];
  const out: Option[] = [];
  for (const name of names) {
    if (typeof name !== 'string') return ['error', 'einval'];
    if (rules.ignored.includes(name) || OMITTED.includes(name)) continue;
    if (sock.module.options.unreadable.includes(name) || rules.unknown.includes(name) || !(GETTABLE as readonly string[]).includes(name)) return ['error', 'einval'];
    out.push([name, optionValue(sock, name as keyof SocketOptions)] as unknown as Option);
  }
  return ['ok', out];
}

function optionValue(sock: Socket, name: keyof SocketOptions): unknown {
  const o = sock.opts;
  if (isKernelOption(name)) {
    const v = kernelGet(kernelFd(sock), name);
    if (v !== undefined) return name === 'tos' ? tosTerm(v as number, sock.profile.options) : v;
  }
  switch (name) {
    case 'recbuf':
    case 'sndbuf':
      return emulatedBuffer(name, o[name], sock instanceof ListenSocket);
    case 'tos':
      return tosTerm(o.tos, sock.profile.options);
    case 'linger':
      return Array.isArray(o.linger) ? [o.linger[0], o.linger[1]] : o.linger;
    default:
      return o[name];
  }
}
