import { scenario, until } from '../builder.js';
import { bytes, quoteLine, quotePacketSize } from './common.js';
import { rawPeerPair } from './raw-peer.js';

/**
 * {packet,line} with a packet_size smaller than a line that has not ended yet.
 * inet_drv (erts/emulator/beam/packet_parser.c packet_get_length, TCP_PB_LINE_LF) fails a buffered
 * unterminated line longer than packet_size with emsgsize, and waits while it
 * is not longer; gen_tcp_socket runs erlang:decode_packet/3 with the same
 * packet_size as line_length, so an unterminated line that reaches exactly
 * packet_size comes out cut there. OTP's gen_tcp_api_SUITE:t_recv_delim/1 is
 * the line-mode recv test these extend.
 */
const section = 'inet:setopts/2, option {packet_size, Integer}';
const quote = `${quotePacketSize} […] ${quoteLine}`;
const LINE8 = ['binary', ['packet', 'line'], ['packet_size', 8]];


export default [
  // OTP: erts/emulator/beam/packet_parser.c packet_get_length, TCP_PB_LINE_LF: "if (n > max_plen && max_plen != 0) goto error" with no delimiter yet.
  scenario(
    'packet-framing.line-unterminated-over-packet-size',
    {
      title: '{packet,line}, {packet_size,8}, passive: 12 bytes with no newline fail recv with emsgsize before the newline comes',
      section,
      quote,
      rationale:
        'a partial line longer than packet_size is an error at once, without waiting for its end; what follows shows each backend after it (inet enotconn; socket on OTP 25 emsgsize again, on 27 and 29 the rest of the line and the next line) (from packet_parser.c packet_get_length)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, [...LINE8, ['active', false]]);
      server.send(S, bytes('123456789012'));
      b.wait(50);
      client.recv(C, 0, 500).id('over');
      server.send(S, bytes('\nab\n'));
      b.wait(50);
      client.recv(C, 0, 300).id('next-1');
      client.recv(C, 0, 300).id('next-2');
    },
  ),
  // OTP: packet_parser.c packet_get_length, TCP_PB_LINE_LF: "else if (n >= trunc_len && trunc_len != 0)" cuts the line (gen_tcp_socket sets line_length to packet_size).
  scenario(
    'packet-framing.line-unterminated-at-packet-size',
    {
      title: '{packet,line}, {packet_size,8}, passive: an unterminated line that grows to exactly 8 bytes, then past it',
      section,
      quote,
      rationale:
        '4 bytes with no newline make recv time out on both; at 8 buffered bytes inet keeps waiting (not over the limit) while socket returns the 8 bytes as a line; the 9th byte and newline then make inet fail with emsgsize and socket return "9\\n"; the next line follows on socket, inet is unusable (from packet_parser.c packet_get_length)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, [...LINE8, ['active', false]]);
      server.send(S, bytes('1234'));
      b.wait(50);
      client.recv(C, 0, 150).id('four');
      server.send(S, bytes('5678'));
      b.wait(50);
      client.recv(C, 0, 150).id('eight').note('inet {error,timeout}; socket {ok,<<"12345678">>}');
      server.send(S, bytes('9\nab\n'));
      b.wait(50);
      client.recv(C, 0, 150).id('nine');
      client.recv(C, 0, 150).id('next');
    },
  ),
  // OTP: packet_parser.c packet_get_length (TCP_PB_LINE_LF) and inet_drv tcp_recv_error in active mode.
  scenario(
    'packet-framing.line-unterminated-over-packet-size-active',
    {
      title: '{packet,line}, {packet_size,8}, {active,true}: a good line, then 12 bytes with no newline',
      section,
      quote,
      rationale:
        'a line of exactly packet_size (newline included) is delivered; 12 bytes with no newline give {tcp_error,S,emsgsize} at once, then inet sends {tcp_closed,S} and closes while socket turns passive; the rest of the line sent afterwards produces no message (from packet_parser.c packet_get_length)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, [...LINE8, ['active', true]]);
      server.send(S, bytes('1234567\n'));
      b.await(client, until.data(C, 8), 1000);
      server.send(S, bytes('123456789012'));
      b.await(client, until.error(C, 'emsgsize'), 1000);
      server.send(S, bytes('\nab\n'));
      b.wait(100);
      client.getopts(C, ['active']);
    },
  ),
];
