/** gentcp: Erlang/OTP's gen_tcp for Node.js. */
export * as gen_tcp from './gen_tcp.js';
export * as inet from './inet.js';
export { spawn, self, send, receive, exit, is_process_alive, mailbox, ProcessExited } from './process/process.js';
export { Pid } from './process/pid.js';
export { ErlangExit, ErlangError } from './erlang/errors.js';
export { profileFor, setEmulatedOtp, defaultOtp, type Profile, type Backend, type OtpRelease } from './profile/profiles.js';
export type { Option, Address, Timeout, PacketType, SocketOptions } from './options/types.js';
export type { Socket } from './socket/base.js';
export type { Data, DataOf, HeaderData } from './socket/data.js';
export type { SocketMessage, TcpMessage, HttpMessage, TcpClosedMessage, TcpErrorMessage, TcpPassiveMessage, PortDataMessage } from './socket/messages.js';
export type { Result, Reason, Posix, InetPosix, FilePosix } from './erlang/reasons.js';
export type { IoData } from './socket/iodata.js';
export { decode_packet, type DecodeResult, type HttpPacket } from './packet/decode-packet.js';
export { native, type NativeInfo } from './native/info.js';
