/**
 * `gentcp/testing`: the one hook the conformance harness uses beyond the public API.
 * It creates and traces processes as erlang:trace/3 would, tells sockets apart by
 * class, and builds Erlang terms from decode_packet's results. Not for applications:
 * it follows the harness and may change in any release.
 */
export { Process, ProcessExited, type ProcessTracer } from './process/process.js';
export { StreamSocket } from './socket/stream.js';
export { ListenSocket } from './socket/listener.js';
export { decodeResultToTerm, httpPacketToTerm, type TermBuilder } from './packet/decode-packet.js';
export { HTTP_HEADER_NAMES, HTTP_METHOD_NAMES } from './packet/http-atoms.js';
