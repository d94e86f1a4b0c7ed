/**
 * Emulation targets: the inet and socket backends as each OTP release behaves.
 * Every behaviour that differs is a field here, measured against real Erlang
 * (the scenario ids in the comments show it), so the socket code asks the
 * profile instead of branching on backend or release.
 */
export type Backend = 'inet' | 'socket';
/** The OTP releases gentcp emulates. */
export type OtpRelease = '25' | '27' | '29';
export const OTP_RELEASES: OtpRelease[] = ['25', '27', '29'];
export const NEWEST_OTP: OtpRelease = '29';

/** How one backend of one OTP release behaves where they differ: data, each field measured against real Erlang. */
export interface Profile {
  backend: Backend;
  otp: OtpRelease;
  /** Default option values that differ by backend or release (getopts shows them). */
  defaults: {
    buffer: number;
    packet: 0 | 'raw';
    packet_size: number;
  };
  /** recv after the socket already reported {error, closed} (socket backend; inet uses its delayed-error flags). */
  afterClosed: 'enotconn' | 'closed' | 'einval';
  /** Most calls on a socket closed by close/1. */
  onClosedSocket: 'einval' | 'closed';
  /** send/recv on a closed socket. */
  closedIo: { send: 'closed'; recv: 'closed' | 'einval' };
  /**
   * How the end of a connection is told to later calls. inet: the port stays
   * and keeps one delayed {error, closed} for the next send and the next recv,
   * then enotconn (inet_drv's TCP_ADDF_DELAYED_CLOSE_*). socket: the calls ask
   * the socket, which is closed (27+, exit_on_close) or half-open (25).
   */
  endModel: 'inet' | 'socket';
  /** setopts once the end was reported: socket 25 refuses with einval. */
  setoptsAfterEnd: 'ok' | 'einval';
  /** A second close/1. */
  closeAgain: 'ok' | 'closed';
  /** A recv while another recv waits on the same socket. */
  concurrentRecv: 'ealready' | 'queue';
  /** send: inet buffers the rest and returns ok; socket blocks until sent or send_timeout. */
  send: 'buffered' | 'blocking';
  /** What send/recv return after send_timeout_close closed the socket. */
  afterSendTimeoutClose: 'enotconn' | 'closed';
  /** close/1 with output queued waits this long for it to drain (inet) before giving up. */
  closeDrainMs: number;
  /** {packet,line}: a line longer than `buffer` is cut at `buffer` (inet) or kept whole (socket). */
  longLine: 'split' | 'whole';
  /** A packet over packet_size: inet closes; socket 25 repeats emsgsize; socket 27+ drops it and goes on. */
  packetTooBig: 'close' | 'repeat' | 'drop';
  /** recv(S, N > 0) in a packet mode. */
  recvLengthInPacketMode: 'einval' | 'ignore';
  /** accept(L, 0) with a connection already waiting. */
  acceptZeroTimeout: 'ready' | 'timeout';
  /** controlling_process to a pid that is not alive. */
  controllingProcessToDead: 'badarg' | 'ok';
  /** shutdown(S, read) on an active socket delivers tcp_closed at once (inet), or nothing (socket). */
  shutdownReadNotifies: boolean;
  /** exit_on_close is honoured after the peer half-closes (inet; socket from 27). */
  exitOnCloseAfterPeerClose: boolean;
  /** socket 25: a recv waiting on a partial {packet,1|2|4} header never sees the peer's close (it times out). */
  partialHeaderHidesClose: boolean;
  /** A send that finds the connection reset also ends the read side (inet; socket from 27); socket 25 still delivers unread data. */
  sendErrorEndsRead: boolean;
  /** Later sends repeat a failed send's reason (socket 25), or say closed (27+). */
  repeatSendError: boolean;
  /** send_timeout_close tells an active owner {tcp_closed, S} (inet from 29). */
  sendTimeoutCloseNotifies: boolean;
  /** {header, N}: a packet shorter than N (inet) or no longer than N (socket) comes as a plain list. */
  headerListWhen: 'shorter' | 'not-longer';
  /** iodata that is not iodata: inet's port answers {error, einval}; socket raises error:badarg. */
  badIodata: 'einval' | 'error';
  /** shutdown with a How that is not read, write or read_write. */
  badShutdownHow: 'function_clause' | 'enotconn' | 'invalid';
  /** shutdown of a listen socket: enotconn, or ok (socket 27+, after which accept says einval). */
  shutdownListen: 'enotconn' | 'ok';
  /** send on a listen socket closes it (socket 27+). */
  sendClosesListener: boolean;
  /** A bare integer is taken as one byte of iodata (inet 27+). */
  bareIntegerIsData: boolean;
  /** send on a listen socket (recv says enotconn on both). */
  ioOnListenSocket: 'enotconn' | 'closed';
  /**
   * {packet,line} in the socket backend, a line longer than packet_size: 25 refuses it
   * (emsgsize, buffered bytes lost), 27 cuts it into packet_size pieces, 29 refuses it once
   * and drops what it had read of it (whole `buffer`-sized reads).
   */
  lineOverPacketSize: 'error' | 'split' | 'drop-read';
  /** controlling_process on a closed socket. */
  controllingProcessOnClosed: 'closed' | 'einval';
  /** setopts applies a list all or nothing (inet), or in order up to a bad option (socket). */
  setoptsAtomic: boolean;
  /** controlling_process after tcp_closed arrived. */
  controllingProcessAfterClosed: 'ok' | 'einval';
  /** port/sockname/peername on a socket closed by close/1 (or exit_on_close): inet's port says einval, the socket backend closed. */
  addressOnClosed: 'einval' | 'closed';
  /** accept on a listen socket already closed (a blocked accept always gets closed). */
  acceptOnClosed: 'closed' | 'einval';
  /**
   * listen/connect with a Port that is an integer out of 0..65535: inet exits
   * badarg (listen) or function_clause (connect); the socket backend takes it
   * modulo 65536 (-1 is 65535). A Port that is an atom: exit badarg, or {error, einval}.
   */
  portArgument: 'strict' | 'wrap';
  /** connect to an Address that is neither an IP tuple nor a hostname: exit badarg (inet) or {error, einval} (socket). */
  badAddress: 'badarg' | 'einval';
  /**
   * An {ip,..}/{ifaddr,..} that is not an address of the socket's family: inet
   * exits badarg; the socket backend returns {error, {invalid, {sockaddr, #{family, addr, port}}}}.
   */
  badIp: 'badarg' | 'invalid';
  /** getstat/1's names, in order; getstat/2 leaves out any other known name (socket 27+). */
  getstatNames: readonly string[];
  /** getstat/2 with a name it does not know: {error, einval} (inet), dropped (socket 27+), the socket crashes (socket 25). */
  getstatUnknown: 'einval' | 'skip' | 'crash';
  /** socket 25 reports recv_max and send_max as the averages (gen_tcp_socket's counters). */
  getstatMaxIsAvg: boolean;
  /** setopts/getopts: how each backend and release checks, orders and reports options (the options family). */
  options: OptionRules;
}

/** The option rules of a profile, measured against real Erlang (suites/options). */
export interface OptionRules {
  /** setopts applies its list last to first (prim_inet hands inet_drv the list reversed: of a duplicate the first wins) or first to last. */
  setoptsOrder: 'reverse' | 'forward';
  /** setopts checks every value before changing anything (inet), or checks only packet, active and the socket module's options, storing the others as given (socket). */
  setoptsChecks: 'all' | 'socket-level';
  /** setopts with a non-list: inet's list comprehension fails with {bad_generator, X}; gen_tcp_socket has no clause for it. */
  setoptsNonList: 'bad_generator' | 'function_clause';
  /** An element that is no option (a bare unknown atom; a tuple given to getopts): exit badarg (socket 25) or {error, einval}. */
  badElement: 'badarg' | 'einval';
  /** A value the socket module refuses: {error, {invalid, {socket_option, {Level, Name}, Value}}} (socket 25) or {error, einval}. */
  socketOptionError: 'invalid' | 'einval';
  /** Names setopts takes and ignores and getopts leaves out (gen_tcp_socket's ignore_optname). */
  ignored: readonly string[];
  /** Names getopts refuses with {error, einval} although setopts knows them. */
  unreadable: readonly string[];
  /** Names getopts leaves out of its answer (not an option of an IPv4 socket). */
  omitted: readonly string[];
  /** Options this release does not know at all: listen/connect exit badarg, setopts and getopts say einval. */
  unknown: readonly string[];
  /** {packet, raw} reads back as 0 (inet) or raw (socket). */
  rawPacket: 0 | 'raw';
  /** tos reads back as lowdelay, throughput, reliability or mincost where it is one (socket up to 27). */
  tosNames: boolean;
  /** low_watermark: inet's, kept at most high_watermark; the socket's SO_RCVLOWAT (socket 25); ignored (socket 27+). */
  lowWatermark: 'coupled' | 'rcvlowat' | 'ignored';
  /** {buffer, N} with N < 1: inet takes it as 1; socket refuses it as a bad {otp, rcvbuf}. */
  smallBuffer: 'clamp' | 'refuse';
  /** recbuf raises buffer while buffer was never set (inet); sets it when buffer came earlier in the same list (socket 27+); leaves it (socket 25). */
  recbufBuffer: 'raise' | 'after-buffer' | 'none';
}

/** gen_tcp_socket's ignore_optname: accepted by setopts, never reported by getopts. */
const SOCKET_IGNORED: readonly string[] = ['tcp_module', 'ip', 'backlog', 'high_msgq_watermark', 'high_watermark', 'low_msgq_watermark'];

/** inet:getstat/1's names, in its order (inet-calls.getstat-all). */
const GETSTAT_ALL: readonly string[] = ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg', 'recv_dvi', 'send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend'];

const inet = (otp: OtpRelease): Profile => ({
  backend: 'inet',
  otp,
  defaults: { buffer: otp === '29' ? 9216 : 1460, packet: 0, packet_size: 0 },
  afterClosed: 'enotconn',
  onClosedSocket: 'einval',
  closedIo: { send: 'closed', recv: 'closed' },
  endModel: 'inet',
  setoptsAfterEnd: 'ok',
  closeAgain: 'ok',
  concurrentRecv: 'ealready',
  send: 'buffered',
  afterSendTimeoutClose: 'enotconn',
  closeDrainMs: 5000,
  longLine: 'split',
  packetTooBig: 'close',
  recvLengthInPacketMode: 'einval',
  acceptZeroTimeout: 'ready',
  controllingProcessToDead: 'badarg',
  shutdownReadNotifies: true,
  exitOnCloseAfterPeerClose: true,
  controllingProcessAfterClosed: 'ok',
  partialHeaderHidesClose: false,
  controllingProcessOnClosed: 'closed',
  lineOverPacketSize: 'error',
  setoptsAtomic: true,
  headerListWhen: 'shorter',
  badIodata: 'einval',
  badShutdownHow: 'function_clause',
  shutdownListen: 'enotconn',
  sendClosesListener: false,
  bareIntegerIsData: otp !== '25',
  ioOnListenSocket: 'enotconn',
  sendErrorEndsRead: true,
  repeatSendError: false,
  sendTimeoutCloseNotifies: otp === '29',
  addressOnClosed: 'einval',
  acceptOnClosed: 'closed',
  portArgument: 'strict',
  badAddress: 'badarg',
  badIp: 'badarg',
  getstatNames: GETSTAT_ALL,
  getstatUnknown: 'einval',
  getstatMaxIsAvg: false,
  options: {
    setoptsOrder: 'reverse',
    setoptsChecks: 'all',
    setoptsNonList: 'bad_generator',
    badElement: 'einval',
    socketOptionError: 'einval',
    ignored: [],
    unreadable: ['line_delimiter', 'backlog'],
    omitted: ['tclass'],
    unknown: otp === '25' ? ['reuseport'] : [],
    rawPacket: 0,
    tosNames: false,
    lowWatermark: 'coupled',
    smallBuffer: 'clamp',
    recbufBuffer: 'raise',
  },
});

const socket = (otp: OtpRelease): Profile => {
  const modern = otp !== '25';
  return {
    backend: 'socket',
    otp,
    defaults: { buffer: 8192, packet: 'raw', packet_size: 67108864 },
    afterClosed: 'closed',
    onClosedSocket: modern ? 'einval' : 'closed',
    closedIo: { send: 'closed', recv: modern ? 'einval' : 'closed' },
    endModel: 'socket',
    setoptsAfterEnd: modern ? 'ok' : 'einval',
    closeAgain: modern ? 'ok' : 'closed',
    concurrentRecv: 'queue',
    send: 'blocking',
    afterSendTimeoutClose: 'closed',
    closeDrainMs: 0,
    longLine: 'whole',
    packetTooBig: modern ? 'drop' : 'repeat',
    recvLengthInPacketMode: modern ? 'einval' : 'ignore',
    acceptZeroTimeout: 'timeout',
    controllingProcessToDead: 'ok',
    shutdownReadNotifies: modern,
    exitOnCloseAfterPeerClose: modern,
    controllingProcessAfterClosed: modern ? 'einval' : 'ok',
    partialHeaderHidesClose: !modern,
    controllingProcessOnClosed: modern ? 'einval' : 'closed',
    lineOverPacketSize: otp === '25' ? 'error' : otp === '27' ? 'split' : 'drop-read',
    setoptsAtomic: false,
    headerListWhen: 'not-longer',
    shutdownListen: modern ? 'ok' : 'enotconn',
    sendClosesListener: modern,
    bareIntegerIsData: false,
    badIodata: 'error',
    badShutdownHow: modern ? 'invalid' : 'enotconn',
    ioOnListenSocket: 'closed',
    sendErrorEndsRead: modern,
    repeatSendError: !modern,
    sendTimeoutCloseNotifies: false,
    addressOnClosed: 'closed',
    acceptOnClosed: modern ? 'einval' : 'closed',
    portArgument: 'wrap',
    badAddress: 'einval',
    badIp: 'invalid',
    getstatNames: modern ? GETSTAT_ALL.filter((n) => n !== 'recv_dvi' && n !== 'send_pend') : GETSTAT_ALL,
    getstatUnknown: modern ? 'skip' : 'crash',
    getstatMaxIsAvg: !modern,
    options: {
      setoptsOrder: 'forward',
      setoptsChecks: 'socket-level',
      setoptsNonList: 'function_clause',
      badElement: modern ? 'einval' : 'badarg',
      socketOptionError: modern ? 'einval' : 'invalid',
      // OTP 25 has no TCP_CORK mapping (nopush ignored) and maps low_watermark to SO_RCVLOWAT.
      ignored: modern ? [...SOCKET_IGNORED, 'low_watermark'] : [...SOCKET_IGNORED, 'nopush'],
      unreadable: [],
      omitted: ['tclass'],
      unknown: otp === '29' ? [] : ['reuseport'],
      rawPacket: 'raw',
      tosNames: otp !== '29',
      lowWatermark: modern ? 'ignored' : 'rcvlowat',
      smallBuffer: 'refuse',
      recbufBuffer: modern ? 'after-buffer' : 'none',
    },
  };
};

const table = new Map<string, Profile>();
for (const otp of OTP_RELEASES) {
  table.set(`inet/${otp}`, inet(otp));
  table.set(`socket/${otp}`, socket(otp));
}

/** The profile of a backend as `otp` behaves (default: the newest supported release). */
export function profileFor(backend: Backend, otp: OtpRelease = defaultOtp()): Profile {
  return table.get(`${backend}/${otp}`)!;
}

let emulated: OtpRelease = NEWEST_OTP;

/** The OTP release the library emulates when a call does not say (GENTCP_OTP, else the newest). */
export function defaultOtp(): OtpRelease {
  return emulated;
}

/** Sets the OTP release the library emulates from now on. */
export function setEmulatedOtp(otp: OtpRelease): void {
  if (!OTP_RELEASES.includes(otp)) throw new Error(`gentcp emulates OTP ${OTP_RELEASES.join(', ')}, not ${otp}`);
  emulated = otp;
}

const fromEnv = process.env.GENTCP_OTP;
if (fromEnv && (OTP_RELEASES as string[]).includes(fromEnv)) emulated = fromEnv as OtpRelease;

/** erlang:decode_packet/3 where releases differ (recorded on 25, 27 and 29; 26 is taken to behave as 27). */
export interface DecodeRules {
  /** absoluteURI keeps an IPv6 literal host with its brackets and reads the port after it (26+); 25 cuts the host at the first colon. */
  ipv6UriHost: boolean;
  /** A length near 2^32 that packet_size allows wraps the 32-bit total (26+); 25 refuses it. */
  lengthWraps: boolean;
}

/** decode_packet's rules for release `otp` (a number: decode_packet's DecodeCompat takes any). */
export function decodeRules(otp: number): DecodeRules {
  const modern = otp >= 26;
  return { ipv6UriHost: modern, lengthWraps: modern };
}
