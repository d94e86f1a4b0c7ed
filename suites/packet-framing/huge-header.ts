import { scenario, until } from '../builder.js';
import { bytes, quotePacketSize, sectionPacket } from './common.js';
import { rawPeerPair } from './raw-peer.js';

/**
 * {packet,2|4} length headers a socket cannot honour: a 4-byte header of
 * 0xFFFFFFFA or 0x80000000 with the default packet_size (no limit), and a
 * 2-byte header above packet_size in {active,N} mode. Erlang answers emsgsize
 * instead of waiting for gigabytes: erts/emulator/beam/packet_parser.c
 * packet_get_length, at remain:, fails a length over packet_size and one whose
 * header + length wraps around a signed int ("tlen < (int)hlen", its
 * wrap-around protection); inet then gives {tcp_error,S,emsgsize} and
 * {tcp_closed,S}, gen_tcp_socket gets {error,invalid} from erlang:decode_packet/3
 * (the same parser). A header of 0x04000001 (64 MiB + 1) does not wrap and is
 * waited for on both backends.
 */
const quote = quotePacketSize;
const P4 = ['binary', ['packet', 4]];
/** A {packet,4} frame "ok", then a header announcing 0xFFFFFFFA bytes and a few of them. */
const okFrame = bytes(0, 0, 0, 2, 'ok');
const hugeFrame = bytes(0xff, 0xff, 0xff, 0xfa, 'abc');


export default [
  // OTP: erts/emulator/beam/packet_parser.c packet_get_length, remain: (wrap-around protection) -> emsgsize.
  scenario(
    'packet-framing.huge-header-passive',
    {
      title: '{packet,4}, default packet_size, passive: a header of 0xFFFFFFFA fails recv with emsgsize instead of waiting',
      section: sectionPacket,
      quote,
      rationale:
        'after a good frame, a 4-byte header announcing 0xFFFFFFFA bytes makes recv return {error,emsgsize} at once; the next recv shows the socket after it (inet enotconn: the socket is unusable; socket on OTP 27 and 29: emsgsize again); the OTP 25 socket backend waits for the 4 GiB instead, which is not copied (from packet_parser.c packet_get_length, wrap-around protection)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, [...P4, ['active', false]]);
      server.send(S, okFrame);
      client.recv(C, 0, 1000);
      server.send(S, hugeFrame);
      b.wait(50);
      client.recv(C, 0, 500).id('huge').note('{error,emsgsize}; OTP 25 socket backend: {error,timeout}');
      client.recv(C, 0, 300).id('after');
      client.getopts(C, ['packet', 'packet_size']);
    },
  ),
  // OTP: inet_drv.c tcp_deliver/tcp_recv_error: emsgsize in active mode is {tcp_error,S,emsgsize} then {tcp_closed,S}.
  scenario(
    'packet-framing.huge-header-active',
    {
      title: '{packet,4}, default packet_size, {active,true}: a header of 0xFFFFFFFA gives tcp_error emsgsize',
      section: sectionPacket,
      quote,
      rationale:
        'after the good frame arrives as a message, a header announcing 0xFFFFFFFA bytes gives {tcp_error,S,emsgsize}; inet follows it with {tcp_closed,S} and closes the socket, socket (OTP 27 and 29) leaves it open and passive; the OTP 25 socket backend waits for the 4 GiB instead, which is not copied (from packet_parser.c packet_get_length and inet_drv tcp_recv_error)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, [...P4, ['active', true]]);
      server.send(S, okFrame);
      b.await(client, until.data(C, 2), 1000);
      server.send(S, hugeFrame);
      b.await(client, until.error(C, 'emsgsize'), 1000);
      b.wait(100);
      client.getopts(C, ['active']).note('inet: {error,einval}, closed; socket: {active,false}');
    },
  ),
  // OTP: packet_parser.c packet_get_length, remain: 4 + 0x80000000 is negative as an int, an error.
  scenario(
    'packet-framing.negative-header-active-once',
    {
      title: '{packet,4}, {active,once}: a header of 0x80000000 is reported when the socket is re-armed',
      section: sectionPacket,
      quote,
      rationale:
        'with {active,once} the good frame is one message and the socket goes passive; the bad header (0x80000000, whose total length wraps negative in the parser) waits until setopts {active,once}, which then gives {tcp_error,S,emsgsize} (and {tcp_closed,S} on inet); the OTP 25 socket backend waits for 2 GiB instead, which is not copied (from packet_parser.c packet_get_length, wrap-around protection)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, [...P4, ['active', 'once']]);
      server.send(S, okFrame);
      b.await(client, until.data(C, 2), 1000);
      server.send(S, bytes(0x80, 0, 0, 0, 'abc'));
      b.wait(100);
      client.flush().note('only the good frame: the socket is passive');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.error(C, 'emsgsize'), 1000);
      b.wait(100);
      client.flush();
    },
  ),
  // OTP: inet_drv.c tcp_recv_error with exit_on_close false: tcp_closed is sent but the port stays open for sending.
  scenario(
    'packet-framing.huge-header-exit-on-close-false',
    {
      title: '{packet,4}, {active,true}, {exit_on_close,false}: after emsgsize the socket can still send',
      section: 'inet:setopts/2, option {exit_on_close, Boolean}',
      quote:
        'The only reason to set it to false is if you want to continue sending data to the socket after a close is detected, for example, if the peer uses gen_tcp:shutdown/2 to shut down the write side.',
      rationale:
        'with exit_on_close false, a header of 0xFFFFFFFA still gives {tcp_error,S,emsgsize} ({tcp_closed,S} after it on inet) but the socket stays open: send works and the peer reads the frame; the OTP 25 socket backend waits for the 4 GiB instead, which is not copied (from inet_drv tcp_recv_error)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, [...P4, ['active', true], ['exit_on_close', false]]);
      server.send(S, okFrame);
      b.await(client, until.data(C, 2), 1000);
      server.send(S, hugeFrame);
      b.await(client, until.error(C, 'emsgsize'), 1000);
      b.wait(100);
      client.send(C, 'still open');
      server.recv(S, 14, 1000).note('the frame, header included');
    },
  ),
  // OTP: packet_parser.c packet_get_length, remain: plen > max_plen (packet_size).
  scenario(
    'packet-framing.header-over-packet-size-active-n',
    {
      title: '{packet,2}, {packet_size,100}, {active,3}: a header of 0xFFFF ends the count with tcp_error, not tcp_passive',
      section: 'inet:setopts/2, option {packet_size, Integer}',
      quote,
      rationale:
        'in {active,3} the good frame uses one of the three messages; a 2-byte header of 65535 over packet_size 100 gives {tcp_error,S,emsgsize} on both backends and no {tcp_passive,S}: inet follows with {tcp_closed,S} and closes, socket turns passive (from packet_parser.c packet_get_length, wrap-around protection)',
    },
    (b) => {
      const { client, server, C, S } = rawPeerPair(b, ['binary', ['packet', 2], ['packet_size', 100], ['active', 3]]);
      server.send(S, bytes(0, 2, 'ok'));
      b.await(client, until.data(C, 2), 1000);
      server.send(S, bytes(0xff, 0xff, 'abc'));
      b.await(client, until.error(C, 'emsgsize'), 1000);
      b.wait(100);
      client.getopts(C, ['active']);
      client.flush();
    },
  ),
];
