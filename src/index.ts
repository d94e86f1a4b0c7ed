/** gentcp: Erlang/OTP's gen_tcp for Node.js. */
/** gen_tcp: connect, listen, accept, send, recv, close, shutdown, controlling_process. */
export * as gen_tcp from './gen_tcp.js';
/** inet: setopts, getopts, port, sockname, peername, getstat, monitor, cancel_monitor. */
export * as inet from './inet.js';
/** application: get_env, set_env, unset_env (the kernel's default socket options). */
export * as application from './application.js';
export { spawn, self, send, receive, exit, is_process_alive, mailbox, ProcessExited } from './process/process.js';
export { Pid } from './process/pid.js';
export { Ref, make_ref } from './process/ref.js';
export { ErlangExit, ErlangError, Stacktrace, type StackFrame } from './erlang/errors.js';
export { profileFor, setEmulatedOtp, withEmulatedOtp, defaultOtp, type Profile, type Backend, type OtpRelease } from './profile/profiles.js';
export type { Option, Active, Address, IpAddress, SockAddrIn, Timeout, PacketType, SocketOptions } from './options/types.js';
export type { Socket } from './socket/base.js';
export type { Data, DataOf, HeaderData } from './socket/data.js';
export { isSocketMessage } from './socket/messages.js';
export type { DownMessage, SocketMessage, TcpMessage, HttpMessage, TcpClosedMessage, TcpErrorMessage, TcpPassiveMessage, PortDataMessage } from './socket/messages.js';
export type { Result, Reason, Posix, InetPosix, FilePosix } from './erlang/reasons.js';
export type { IoData, IoList } from './socket/iodata.js';
export {
  decode_packet,
  type DecodeResult,
  type Packet,
  type PacketOption,
  type BinaryPacketType,
  type HttpListPacketType,
  type HttpBinPacketType,
  type SslTlsPacket,
  type HttpPacket,
  type HttpRequest,
  type HttpResponse,
  type HttpHeader,
  type HttpError,
  type HttpString,
  type HttpUri,
} from './packet/decode-packet.js';
export type { HttpHeaderAtom, HttpMethodAtom } from './packet/http-atoms.js';
export { native, type NativeInfo } from './native/info.js';
