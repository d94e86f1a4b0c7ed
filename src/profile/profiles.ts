/**
 * Emulation targets: the inet and socket backends as each OTP release behaves.
 * Every behaviour that differs is a field here, measured against real Erlang
 * (the scenario ids in the comments show it), so the socket code asks the
 * profile instead of branching on backend or release.
 */
export type Backend = 'inet' | 'socket';
export type OtpRelease = '25' | '27' | '29';
export const OTP_RELEASES: OtpRelease[] = ['25', '27', '29'];
export const NEWEST_OTP: OtpRelease = '29';

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
  /** controlling_process on a closed socket. */
  controllingProcessOnClosed: 'closed' | 'einval';
  /** setopts applies a list all or nothing (inet), or in order up to a bad option (socket). */
  setoptsAtomic: boolean;
  /** controlling_process after tcp_closed arrived. */
  controllingProcessAfterClosed: 'ok' | 'einval';
}

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
  setoptsAtomic: true,
  sendErrorEndsRead: true,
  repeatSendError: false,
  sendTimeoutCloseNotifies: otp === '29',
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
    shutdownReadNotifies: false,
    exitOnCloseAfterPeerClose: modern,
    controllingProcessAfterClosed: modern ? 'einval' : 'ok',
    partialHeaderHidesClose: !modern,
    controllingProcessOnClosed: modern ? 'einval' : 'closed',
    setoptsAtomic: false,
    sendErrorEndsRead: modern,
    repeatSendError: !modern,
    sendTimeoutCloseNotifies: false,
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
