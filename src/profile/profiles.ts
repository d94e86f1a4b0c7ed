/**
 * Emulation targets: the inet and socket backends as each OTP release behaves.
 * Every behaviour in which releases of a backend differ is a field here,
 * measured against real Erlang (the scenario ids in the comments show it), so
 * the code asks the profile instead of branching on the release. What only
 * tells the backends apart lives in the backend modules (src/backend/).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The two gen_tcp backends: inet_drv (`inet`, the default) and the socket NIF (`{inet_backend, socket}`). */
export type Backend = 'inet' | 'socket';
/** The OTP releases gentcp emulates. */
export type OtpRelease = '25' | '27' | '29';
export const OTP_RELEASES: OtpRelease[] = ['25', '27', '29'];
export const NEWEST_OTP: OtpRelease = '29';

/**
 * How one backend of one OTP release behaves where releases differ: data, each
 * field measured against real Erlang. What a backend does in every release is
 * no field here but its module's code (src/backend/).
 */
export interface Profile {
  backend: Backend;
  otp: OtpRelease;
  /** Default option values that differ by release (getopts shows them). */
  defaults: {
    buffer: number;
  };
  /** Most calls on a socket closed by close/1. */
  onClosedSocket: 'einval' | 'closed';
  /** recv on a closed socket. */
  recvOnClosed: 'closed' | 'einval';
  /** setopts once the end was reported: socket 25 refuses with einval. */
  setoptsAfterEnd: 'ok' | 'einval';
  /** A second close/1. */
  closeAgain: 'ok' | 'closed';
  /** A packet over packet_size: inet closes; socket 25 repeats emsgsize; socket 27+ drops it and goes on. */
  packetTooBig: 'close' | 'repeat' | 'drop';
  /** recv(S, N > 0) in a packet mode. */
  recvLengthInPacketMode: 'einval' | 'ignore';
  /** A {packet,4} header whose total length passes 2^31 - 1: emsgsize at once (packet_parser's wrap-around protection), or a wait for the bytes (socket 25). */
  lengthOverflow: 'emsgsize' | 'wait';
  /** shutdown(S, read) on an active socket delivers tcp_closed at once (inet; socket from 27), or nothing (socket 25). */
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
  /** shutdown with a How that is not read, write or read_write. */
  badShutdownHow: 'function_clause' | 'enotconn' | 'invalid';
  /** shutdown of a listen socket: enotconn, or ok (socket 27+, after which accept says einval). */
  shutdownListen: 'enotconn' | 'ok';
  /** send on a listen socket closes it (socket 27+). */
  sendClosesListener: boolean;
  /** A bare integer is taken as one byte of iodata (inet 27+). */
  bareIntegerIsData: boolean;
  /**
   * {packet,line} in the socket backend, a line longer than packet_size: 25 refuses it
   * (emsgsize, buffered bytes lost), 27 cuts it into packet_size pieces, 29 refuses it once
   * and drops what it had read of it (whole `buffer`-sized reads).
   */
  lineOverPacketSize: 'error' | 'split' | 'drop-read';
  /** controlling_process on a closed socket. */
  controllingProcessOnClosed: 'closed' | 'einval';
  /** controlling_process after tcp_closed arrived. */
  controllingProcessAfterClosed: 'ok' | 'einval';
  /** accept on a listen socket already closed (a blocked accept always gets closed). */
  acceptOnClosed: 'closed' | 'einval';
  /** recv with a negative Length: no clause matches (error:function_clause), or socket 25 reads as for 0. */
  recvNegativeLength: 'function_clause' | 'zero';
  /** connect/2,3 with a sockaddr map whose addr is loopback: inet from 27 resolves it; inet 25 has no clause for it. */
  sockaddrLoopback: boolean;
  /** inet_parse:visible_string/1 takes "" as a host name from OTP 26 (then nxdomain); 25 refuses it as it refuses spaces. */
  emptyHostnameVisible: boolean;
  /** inet:cancel_monitor/1 on another process's monitor: false, or error:badarg (socket 25, whose socket:cancel_monitor/1 checks the caller). */
  cancelForeignMonitor: 'false' | 'badarg';
  /** inet:info/1's states: the port's, or the socket NIF's as 25 reports them or as 27 does (src/backend/gen_tcp_socket.ts has the tables). */
  infoStates: 'port' | 'esock-25' | 'esock-27';
  /** getstat/1's names, in order; getstat/2 leaves out any other known name (socket 27+). */
  getstatNames: readonly string[];
  /** getstat/2 with a name it does not know: {error, einval} (inet), dropped (socket 27+), the socket crashes (socket 25). */
  getstatUnknown: 'einval' | 'skip' | 'crash';
  /** socket 25 reports recv_max and send_max as the averages (gen_tcp_socket's counters). */
  getstatMaxIsAvg: boolean;
  /** setopts/getopts: where releases check and report options differently (the options family). */
  options: OptionRules;
}

/** The option rules of a profile, measured against real Erlang (suites/options). */
export interface OptionRules {
  /** An element that is no option (a bare unknown atom; a tuple given to getopts): exit badarg (socket 25) or {error, einval}. */
  badElement: 'badarg' | 'einval';
  /** A value the socket module refuses: {error, {invalid, {socket_option, {Level, Name}, Value}}} (socket 25) or {error, einval}. */
  socketOptionError: 'invalid' | 'einval';
  /** Names setopts takes and ignores and getopts leaves out (gen_tcp_socket's ignore_optname). */
  ignored: readonly string[];
  /** Options this release does not know at all: listen/connect exit badarg, setopts and getopts say einval. */
  unknown: readonly string[];
  /** tos reads back as lowdelay, throughput, reliability or mincost where it is one (socket up to 27). */
  tosNames: boolean;
  /** low_watermark: inet's, kept at most high_watermark; the socket's SO_RCVLOWAT (socket 25); ignored (socket 27+). */
  lowWatermark: 'coupled' | 'rcvlowat' | 'ignored';
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
  defaults: { buffer: otp === '29' ? 9216 : 1460 },
  onClosedSocket: 'einval',
  recvOnClosed: 'closed',
  setoptsAfterEnd: 'ok',
  closeAgain: 'ok',
  packetTooBig: 'close',
  recvLengthInPacketMode: 'einval',
  lengthOverflow: 'emsgsize',
  shutdownReadNotifies: true,
  exitOnCloseAfterPeerClose: true,
  controllingProcessAfterClosed: 'ok',
  partialHeaderHidesClose: false,
  controllingProcessOnClosed: 'closed',
  lineOverPacketSize: 'error',
  badShutdownHow: 'function_clause',
  shutdownListen: 'enotconn',
  sendClosesListener: false,
  bareIntegerIsData: otp !== '25',
  sendErrorEndsRead: true,
  repeatSendError: false,
  sendTimeoutCloseNotifies: otp === '29',
  acceptOnClosed: 'closed',
  recvNegativeLength: 'function_clause',
  emptyHostnameVisible: otp !== '25',
  sockaddrLoopback: otp !== '25',
  cancelForeignMonitor: 'false',
  infoStates: 'port',
  getstatNames: GETSTAT_ALL,
  getstatUnknown: 'einval',
  getstatMaxIsAvg: false,
  options: {
    badElement: 'einval',
    socketOptionError: 'einval',
    ignored: [],
    unknown: otp === '25' ? ['reuseport'] : [],
    tosNames: false,
    lowWatermark: 'coupled',
    recbufBuffer: 'raise',
  },
});

const socket = (otp: OtpRelease): Profile => {
  const modern = otp !== '25';
  return {
    backend: 'socket',
    otp,
    defaults: { buffer: 8192 },
    onClosedSocket: modern ? 'einval' : 'closed',
    recvOnClosed: modern ? 'einval' : 'closed',
    setoptsAfterEnd: modern ? 'ok' : 'einval',
    closeAgain: modern ? 'ok' : 'closed',
    packetTooBig: modern ? 'drop' : 'repeat',
    recvLengthInPacketMode: modern ? 'einval' : 'ignore',
    lengthOverflow: modern ? 'emsgsize' : 'wait',
    shutdownReadNotifies: modern,
    exitOnCloseAfterPeerClose: modern,
    controllingProcessAfterClosed: modern ? 'einval' : 'ok',
    partialHeaderHidesClose: !modern,
    controllingProcessOnClosed: modern ? 'einval' : 'closed',
    lineOverPacketSize: otp === '25' ? 'error' : otp === '27' ? 'split' : 'drop-read',
    shutdownListen: modern ? 'ok' : 'enotconn',
    sendClosesListener: modern,
    bareIntegerIsData: false,
    badShutdownHow: modern ? 'invalid' : 'enotconn',
    sendErrorEndsRead: modern,
    repeatSendError: !modern,
    sendTimeoutCloseNotifies: false,
    acceptOnClosed: modern ? 'einval' : 'closed',
    recvNegativeLength: modern ? 'function_clause' : 'zero',
    emptyHostnameVisible: modern,
    cancelForeignMonitor: modern ? 'false' : 'badarg',
    // inet-calls.info-*: the socket NIF's read and write states, which 27 reports more of.
    infoStates: modern ? 'esock-27' : 'esock-25',
    // The socket backend looks atoms up as host names (nxdomain) instead.
    sockaddrLoopback: false,
    getstatNames: modern ? GETSTAT_ALL.filter((n) => n !== 'recv_dvi' && n !== 'send_pend') : GETSTAT_ALL,
    getstatUnknown: modern ? 'skip' : 'crash',
    getstatMaxIsAvg: !modern,
    options: {
      badElement: modern ? 'einval' : 'badarg',
      socketOptionError: modern ? 'einval' : 'invalid',
      // OTP 25 has no TCP_CORK mapping (nopush ignored) and maps low_watermark to SO_RCVLOWAT.
      ignored: modern ? [...SOCKET_IGNORED, 'low_watermark'] : [...SOCKET_IGNORED, 'nopush'],
      unknown: otp === '29' ? [] : ['reuseport'],
      tosNames: otp !== '29',
      lowWatermark: modern ? 'ignored' : 'rcvlowat',
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
// Releases set for one piece of work and everything it starts; created on first use, so a
// program that never scopes a release pays nothing for async context tracking.
let scoped: AsyncLocalStorage<OtpRelease> | undefined;

/**
 * The OTP release the library emulates when a call does not say: the one withEmulatedOtp
 * scoped around the caller, else setEmulatedOtp's (GENTCP_OTP, else the newest).
 */
export function defaultOtp(): OtpRelease {
  return scoped?.getStore() ?? emulated;
}

function checked(otp: OtpRelease): OtpRelease {
  if (!OTP_RELEASES.includes(otp)) throw new Error(`gentcp emulates OTP ${OTP_RELEASES.join(', ')}, not ${otp}`);
  return otp;
}

/** Sets the OTP release the library emulates from now on (outside any withEmulatedOtp). */
export function setEmulatedOtp(otp: OtpRelease): void {
  emulated = checked(otp);
}

/**
 * Runs `fn` with the library emulating `otp` in everything `fn` starts: the sockets it
 * opens, the processes it spawns and their later calls. Work scoped to different releases
 * can run at once in one program, as nodes of different releases would; the default set
 * by setEmulatedOtp is left alone.
 */
export function withEmulatedOtp<T>(otp: OtpRelease, fn: () => T): T {
  scoped ??= new AsyncLocalStorage<OtpRelease>();
  return scoped.run(checked(otp), fn);
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
