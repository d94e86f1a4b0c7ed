/** Shared bits of the packet-framing family. */
import { bin } from '../builder.js';
import type { TermIn } from '../../harness/scenario/schema.js';

/** The peer's socket stays in raw mode so it writes exactly the bytes given; nodelay keeps each split its own segment. */
export const PEER_RAW = ['binary', ['active', false], ['nodelay', true]];

/** A binary from byte values and latin-1 strings, in order: bytes(0, 3, 'abc'). */
export const bytes = (...parts: Array<number | string>): TermIn =>
  bin(parts.map((p) => (typeof p === 'number' ? String.fromCharCode(p) : p)).join(''));

/** The same, as a plain string, for sendSplits chunks. */
export const raw = (...parts: Array<number | string>): string =>
  parts.map((p) => (typeof p === 'number' ? String.fromCharCode(p) : p)).join('');

export const sectionPacket = 'inet:setopts/2, option {packet, PacketType}';

export const quoteLength =
  'Packets consist of a header specifying the number of bytes in the packet, followed by that number of bytes. The header length can be one, two, or four bytes, and containing an unsigned integer in big-endian byte order. Each send operation generates the header, and the header is stripped off on each receive operation.';

export const quoteNoStrip =
  'asn1 | cdr | sunrm | fcgi | tpkt | line: These packet types only have effect on receiving. When sending a packet, it is the responsibility of the application to supply a correct header. On receiving, however, one message is sent to the controlling process for each complete packet received, and, similarly, each call to gen_tcp:recv/2,3 returns one complete packet. The header is not stripped off.';

export const quoteLine =
  'line - Line mode, a packet is a line-terminated with newline, lines longer than the receive buffer are truncated';

export const quoteHttp =
  'http | http_bin: The Hypertext Transfer Protocol. The packets are returned with the format according to HttpPacket described in erlang:decode_packet/3 in ERTS. A socket in passive mode returns {ok, HttpPacket} from gen_tcp:recv while an active socket sends messages like {http, Socket, HttpPacket}.';

export const quoteHttph =
  'httph | httph_bin: These two types are often not needed, as the socket automatically switches from http/http_bin to httph/httph_bin internally after the first line is read. However, there can be occasions when they are useful, such as parsing trailers from chunked encoding.';

export const quotePacketSize =
  'Sets the maximum allowed length of the packet body. If the packet header indicates that the length of the packet is longer than the maximum allowed length, the packet is considered invalid. The same occurs if the packet header is too large for the socket receive buffer.';

export const quoteRecvLength =
  'Argument Length is only meaningful when the socket is in raw mode and denotes the number of bytes to read. If Length is 0, all available bytes are returned.';
