/**
 * The socket backend, as OTP's gen_tcp_socket over the socket NIF: arguments
 * are taken the socket module's way (a port wraps, a bad address is
 * {error, einval} or {error, {invalid, ...}}), option lists are applied
 * gen_tcp_socket's way, and controlling_process only changes the owner.
 */
import { invalidSockaddr, isHostname } from '../address.js';
import { ErlangError, ErlangExit } from '../erlang/errors.js';
import type { Reason } from '../erlang/reasons.js';
import { familyOf, isLocalAddress, lastPortOption, misfitIps, withoutIps, type Family } from '../options/create-args.js';
import { isIpAddress, parseCreateOptions } from '../options/parse.js';
import type { Option } from '../options/types.js';
import { isTimeout } from '../options/timeout.js';
import { currentProcess } from '../process/process.js';
import { defaultOtp, profileFor, type Profile } from '../profile/profiles.js';
import { iodataToBuffer, withPacketHeader } from '../socket/iodata.js';
import { ListenSocket } from '../socket/listener.js';
import { acceptedTransport, inheritedOptions, listenSource, openConnection, passiveAtBirth, type Parsed } from '../socket/open.js';
import { infoCounters, infoDomain, infoState, type InfoState } from '../socket/info.js';
import { isSocketMessage } from '../socket/owner.js';
import type { TcpModule } from './module.js';
import { SOCKET_OPTIONS } from './socket_options.js';
import { SocketStream } from './socket_stream.js';

/** The Port argument: an integer is taken modulo 65536 (-1 is 65535), an atom is {error, einval}; anything else has no clause. */
function portArgument(port: unknown): number | ['error', Reason] {
  if (typeof port === 'number' && Number.isInteger(port)) return port & 0xffff;
  if (typeof port === 'string') return ['error', 'einval'];
  throw new ErlangError('function_clause');
}

/**
 * The option list, then its {ip,..}/{ifaddr,..}: one of no use in this family
 * is refused as {error, {invalid, {sockaddr, #{...}}}} once the other options
 * passed their checks.
 */
function parseWithIp(call: 'listen' | 'connect', opts: Option[], profile: Profile, family: Family, port: number): Parsed | ['error', Reason] {
  const misfits = misfitIps(opts, family);
  if (misfits.length === 0) return parseCreateOptions(call, opts, profile, SOCKET_OPTIONS);
  parseCreateOptions(call, withoutIps(opts), profile, SOCKET_OPTIONS);
  return ['error', invalidSockaddr(family, misfits[misfits.length - 1]![1], lastPortOption(opts) ?? port) as Reason];
}

/**
 * socket:info/1's read and write states in each state inet:info/1 tells apart, as each NIF
 * reports them (inet-calls.info-*): 25 marks a listener connected once it accepted, and 27
 * shows the bound and connected flags of a connection more often.
 */
const SOCKET_INFO_STATES: Record<25 | 27, Record<InfoState, [string[], string[]]>> = {
  25: {
    listen: [['bound', 'listening'], []],
    listenAccepted: [['bound', 'listening'], ['connected']],
    active: [['selected'], ['connected', 'selected']],
    passive: [[], []],
    writeShut: [[], ['connected', 'selected']],
  },
  27: {
    listen: [['bound', 'listening'], []],
    listenAccepted: [['bound', 'listening'], []],
    active: [['bound', 'selected'], ['connected', 'selected']],
    passive: [[], ['connected']],
    writeShut: [['bound'], ['connected', 'selected']],
  },
};

export const genTcpSocket: TcpModule = {
  backend: 'socket',
  printName: 'Socket',
  options: SOCKET_OPTIONS,
  // socket:monitor/1 on the socket's own handle: closed, however it went.
  monitorType: 'socket',
  monitorGone: 'nosock',
  downOrder: 'newest-first',
  kernelDefaults: { atoms: 'dropped', notAList: 'ignored' },
  downReason: () => 'closed',

  /** gen_tcp_socket:connect/4 */
  async connect(caller, address, port, opts, timeout) {
    const profile = profileFor('socket', defaultOtp());
    const local = isLocalAddress(address);
    if (!local && !isIpAddress(address) && typeof address !== 'string') return ['error', 'einval'];
    // inet:getaddrs_tm/3: a name that is no visible string is einval before any lookup.
    if (typeof address === 'string' && !isHostname(address, profile)) return ['error', 'einval'];
    const p = portArgument(port);
    if (typeof p !== 'number') return p;
    const family = familyOf(opts, address);
    const parsed = parseWithIp('connect', opts, profile, family, 0);
    if (!('create' in parsed)) return parsed;
    // The socket module has no TCP_NODELAY for a unix-domain socket.
    if ((family === 'local' || local) && parsed.opts.nodelay) return ['error', 'enotsup'];
    if (family === 'local' && !local) return ['error', 'einval'];
    const transport = await openConnection(caller, address, p, opts, family, parsed, timeout);
    if (Array.isArray(transport)) return transport;
    return ['ok', passiveAtBirth(new SocketStream(caller, parsed.opts, profile, genTcpSocket, transport))];
  },

  /** gen_tcp_socket:connect/3 looks an atom addr up as a host name, which finds nothing. */
  sockaddrAddress(_profile, addr) {
    return isIpAddress(addr) ? addr : ['error', 'nxdomain'];
  },

  /** gen_tcp_socket:listen/2 */
  async listen(caller, port, opts) {
    const profile = profileFor('socket', defaultOtp());
    const p = portArgument(port);
    if (typeof p !== 'number') return p;
    // The Port argument goes first in the option list: a {port, P} option after it wins.
    const listenPort = lastPortOption(opts) ?? p;
    const family = familyOf(opts, undefined);
    const parsed = parseWithIp('listen', opts, profile, family, listenPort);
    if (!('create' in parsed)) return parsed;
    if (family === 'local' && parsed.opts.nodelay) return ['error', 'enotsup'];
    const source = await listenSource(parsed, family, listenPort);
    if (Array.isArray(source)) return source;
    return ['ok', passiveAtBirth(new ListenSocket(caller, parsed.opts, profile, genTcpSocket, source))];
  },

  /** gen_tcp_socket:accept/2: timeout 0 times out even with a connection waiting. */
  async accept(caller, lsock, timeout) {
    const r = await (lsock.acceptRefusal() ?? (timeout === 0 ? (['error', 'timeout'] as const) : lsock.wait(caller, timeout)));
    if (r[0] === 'error') return r;
    return ['ok', new SocketStream(caller, inheritedOptions(lsock), lsock.profile, genTcpSocket, acceptedTransport(r[1], lsock))];
  },

  /** gen_tcp_socket:recv/3: is_integer(Length), 0 =< Length (socket 25 reads a negative one as 0), and a timeout(). */
  recvArguments(profile, length, timeout) {
    if (!(typeof length === 'number' && Number.isInteger(length))) throw new ErlangError('function_clause');
    if (length < 0 && profile.recvNegativeLength === 'function_clause') throw new ErlangError('function_clause');
    if (!isTimeout(timeout)) throw new ErlangError('function_clause');
    return { length: Math.max(0, length), timeout };
  },

  /** gen_tcp_socket:accept/2 hands the timeout to the socket module, whose check raises badarg. */
  acceptTimeout(timeout) {
    if (!isTimeout(timeout)) throw new ErlangError('badarg');
    return timeout;
  },

  /** gen_tcp_socket:send/2: what is not iodata raises; a listen socket says closed (and from 27 closes). */
  send(sock, data) {
    if (sock instanceof ListenSocket) {
      // From 27 on it counts as a failed connection: the listener closes.
      if (sock.profile.sendClosesListener && !sock.closed) {
        sock.failed = true;
        sock.closeNow();
      }
      return ['error', 'closed'];
    }
    let payload: Buffer;
    try {
      payload = iodataToBuffer(data);
    } catch (e) {
      if (!(e instanceof ErlangExit)) throw e;
      // A bad list is named: error:{invalid, {data, List}}; anything else is badarg.
      throw new ErlangError(Array.isArray(data) ? ['invalid', ['data', data]] : 'badarg');
    }
    return sock.send(currentProcess(), withPacketHeader(sock.opts.packet, payload));
  },

  /** gen_tcp_socket:controlling_process/2: the owner changes; a dead new owner closes the socket. */
  transfer(sock, caller, target) {
    if (!target?.alive) {
      sock.closeNow();
      return 'ok';
    }
    sock.setOwner(target);
    for (const m of caller.takeMessages(isSocketMessage(sock))) target.deliver(m);
    return 'ok';
  },

  /** inet:info/1 of a socket: socket:info/1's map with gen_tcp_socket's counters and active mode; a closed one's states only. */
  info(sock) {
    if (sock.closed) return { rstates: ['closed'], wstates: ['closed'] };
    const state = infoState(sock);
    const [rstates, wstates] = SOCKET_INFO_STATES[sock.profile.infoStates === 'esock-25' ? 25 : 27][state];
    return {
      active: sock.opts.active,
      counters: infoCounters(sock),
      ctype: 'normal',
      domain: infoDomain(sock),
      num_acceptors: sock.kind === 'listen' ? sock.waitingAcceptors : 0,
      // An active socket keeps a read selected.
      num_readers: state === 'active' ? 1 : 0,
      num_writers: 0,
      owner: sock.owner.pid,
      protocol: 'tcp',
      rstates,
      type: 'stream',
      wstates,
    };
  },

  addressRefusal(sock): Reason | undefined {
    return sock.closed ? 'closed' : undefined;
  },
};
