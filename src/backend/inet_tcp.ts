/**
 * The inet backend, as OTP's inet_tcp (with prim_inet and inet_drv): what
 * gen_tcp and inet do with a port. Arguments are checked the way the port's
 * code does (a bad one exits), option lists are applied prim_inet's way, and
 * controlling_process reconnects the port.
 */
import { isHostname } from '../address.js';
import { ErlangError, ErlangExit, Stacktrace } from '../erlang/errors.js';
import type { Reason } from '../erlang/reasons.js';
import { familyOf, isLocalAddress, lastPortOption, misfitIps } from '../options/create-args.js';
import { isIpAddress, parseCreateOptions } from '../options/parse.js';
import type { Timeout } from '../options/types.js';
import { currentProcess } from '../process/process.js';
import { defaultOtp, profileFor } from '../profile/profiles.js';
import { iodataToBuffer, withPacketHeader } from '../socket/iodata.js';
import { ListenSocket } from '../socket/listener.js';
import { acceptedTransport, inheritedOptions, listenSource, openConnection, passiveAtBirth } from '../socket/open.js';
import { infoCounters } from '../socket/info.js';
import { isSocketMessage } from '../socket/owner.js';
import { INET_OPTIONS } from './inet_options.js';
import { InetStream } from './inet_stream.js';
import type { TcpModule } from './module.js';

/**
 * The Port argument: an integer out of 0..65535 exits (badarg from listen,
 * function_clause from connect), an atom (a service name it cannot find) exits
 * badarg; anything else has no clause to match.
 */
function portArgument(port: unknown, call: 'listen' | 'connect'): number {
  if (typeof port === 'number' && Number.isInteger(port)) {
    if (port >= 0 && port <= 65535) return port;
    throw call === 'listen' ? new ErlangExit('badarg') : new ErlangExit(['function_clause', Stacktrace.here()]);
  }
  if (typeof port === 'string') throw new ErlangExit('badarg');
  // connect runs inet_tcp:getserv/1 inside gen_tcp's catch, which exits with the error and its stack.
  throw call === 'listen' ? new ErlangError('function_clause') : new ErlangExit(['function_clause', Stacktrace.here()]);
}

/** prim_inet's timeouts: an integer (a negative one waits as infinity) or infinity; nothing else has a clause. */
function inetTimeout(timeout: unknown): Timeout {
  if (timeout === 'infinity') return timeout;
  if (typeof timeout === 'number' && Number.isInteger(timeout)) return timeout < 0 ? 'infinity' : timeout;
  throw new ErlangError('function_clause');
}

export const inetTcp: TcpModule = {
  backend: 'inet',
  printName: 'Port',
  options: INET_OPTIONS,
  // A port monitor: the port's exit reason, normal unless it went with its connected process or on an error.
  monitorType: 'port',
  monitorGone: 'noproc',
  downOrder: 'oldest-first',
  kernelDefaults: { atoms: 'last', notAList: 'badarg' },
  downReason: (exit) => exit ?? 'normal',

  /** inet_tcp:connect/4 */
  async connect(caller, address, port, opts, timeout) {
    const profile = profileFor('inet', defaultOtp());
    const local = isLocalAddress(address);
    if (!local && !isIpAddress(address) && typeof address !== 'string') throw new ErlangExit('badarg');
    // inet:getaddrs_tm/3 says einval for a name that is no visible string, and gen_tcp exits badarg on einval.
    if (typeof address === 'string' && !isHostname(address, profile)) throw new ErlangExit('badarg');
    const p = portArgument(port, 'connect');
    const family = familyOf(opts, address);
    // An {ip,..} of no use in this family exits before the other options are looked at.
    if (misfitIps(opts, family).length > 0) throw new ErlangExit('badarg');
    const parsed = parseCreateOptions('connect', opts, profile, INET_OPTIONS);
    if (!('create' in parsed)) return parsed;
    if (family === 'local' && !local) return ['error', 'einval'];
    const transport = await openConnection(caller, address, p, opts, family, parsed, timeout);
    if (Array.isArray(transport)) return transport;
    return ['ok', passiveAtBirth(new InetStream(caller, parsed.opts, profile, inetTcp, transport))];
  },

  /** inet_tcp:do_connect/3 takes an address tuple (and, from OTP 26, loopback); anything else has no clause. */
  sockaddrAddress(profile, addr, family) {
    if (isIpAddress(addr)) return addr;
    if (addr === 'loopback' && profile.sockaddrLoopback) return family === 'inet6' ? [0, 0, 0, 0, 0, 0, 0, 1] : [127, 0, 0, 1];
    throw new ErlangExit(['function_clause', Stacktrace.here()]);
  },

  /** inet_tcp:listen/2 */
  async listen(caller, port, opts) {
    const profile = profileFor('inet', defaultOtp());
    const p = portArgument(port, 'listen');
    // The Port argument goes first in the option list: a {port, P} option after it wins.
    const listenPort = lastPortOption(opts) ?? p;
    const family = familyOf(opts, undefined);
    if (misfitIps(opts, family).length > 0) throw new ErlangExit('badarg');
    const parsed = parseCreateOptions('listen', opts, profile, INET_OPTIONS);
    if (!('create' in parsed)) return parsed;
    const source = await listenSource(parsed, family, listenPort);
    if (Array.isArray(source)) return source;
    return ['ok', passiveAtBirth(new ListenSocket(caller, parsed.opts, profile, inetTcp, source))];
  },

  /** inet_tcp:accept/2: with timeout 0 a connection already waiting is taken. */
  async accept(caller, lsock, timeout) {
    const r = await (lsock.acceptRefusal() ?? (timeout === 0 ? lsock.takeReady() : lsock.wait(caller, timeout)));
    if (r[0] === 'error') return r;
    return ['ok', new InetStream(caller, inheritedOptions(lsock), lsock.profile, inetTcp, acceptedTransport(r[1], lsock))];
  },

  /** prim_inet:recv/3: is_integer(Length), Length >= 0, and a timeout enc_time/1 takes. */
  recvArguments(_profile, length, timeout) {
    if (!(typeof length === 'number' && Number.isInteger(length) && length >= 0)) throw new ErlangError('function_clause');
    return { length, timeout: inetTimeout(timeout) };
  },

  /** prim_inet:accept/3 */
  acceptTimeout: inetTimeout,

  /** prim_inet:send/2: the port refuses what is not iodata with einval; a listen socket is not connected (closed once closed). */
  send(sock, data) {
    if (sock instanceof ListenSocket) return ['error', sock.closed ? 'closed' : 'enotconn'];
    let payload: Buffer;
    try {
      payload = typeof data === 'number' && sock.profile.bareIntegerIsData ? iodataToBuffer([data]) : iodataToBuffer(data);
    } catch (e) {
      if (!(e instanceof ErlangExit)) throw e;
      return ['error', 'einval'];
    }
    return sock.send(currentProcess(), withPacketHeader(sock.opts.packet, payload));
  },

  /**
   * inet:tcp_controlling_process/2: the socket goes passive, the caller's queued
   * socket messages move to the new owner (a tcp_closed among them ends it there:
   * the socket is gone), then the port is connected to the new owner and the
   * active mode restored. A dead new owner fails that last step with badarg,
   * leaving the socket passive.
   */
  transfer(sock, caller, target) {
    const active = sock.opts.active;
    sock.opts.active = false;
    const moved = caller.takeMessages(isSocketMessage(sock));
    for (const m of moved) target?.deliver(m);
    if (moved.some((m) => Array.isArray(m) && m[0] === 'tcp_closed')) return 'ok';
    if (!target?.alive) return ['error', 'badarg'];
    sock.setOwner(target);
    sock.opts.active = active;
    if (sock instanceof InetStream) sock.optionsChanged();
    return 'ok';
  },

  /** A closed port says einval; once recv saw the end (exit_on_close) the descriptor is gone but the port lives on. */
  /** inet:info/1 of a port: erlang:port_info/1's fields and getstat's counters; a closed port's states only. */
  info(sock) {
    if (sock.closed) return { states: ['closed'] };
    const owner = sock.owner.pid;
    const output = sock.kind === 'stream' ? sock.stats.send_oct : 0;
    // memory and input are the VM's bookkeeping: sizes in the range Erlang shows, not measured.
    const states = sock.kind === 'listen' ? ['listen', 'open'] : ['connected', 'open'];
    return { counters: infoCounters(sock), input: 0, links: [owner], memory: 48, monitors: [], output, owner, states };
  },

  addressRefusal(sock, call): Reason | undefined {
    if (sock.closed) return 'einval';
    if (sock instanceof InetStream && sock.transport.destroyed) return call === 'sockname' ? 'ebadf' : 'enotconn';
    return undefined;
  },
};
