import { bin, scenario, until } from '../builder.js';

const section = 'inet:setopts/2, option {packet, PacketType}';
const quoteLength =
  'Packets consist of a header specifying the number of bytes in the packet, followed by that number of bytes. The header length can be one, two, or four bytes, and containing an unsigned integer in big-endian byte order. Each send operation generates the header, and the header is stripped off on each receive operation.';
const quoteLine =
  'On receiving, however, one message is sent to the controlling process for each complete packet received, and, similarly, each call to gen_tcp:recv/2,3 returns one complete packet. […] line - Line mode, a packet is a line-terminated with newline';

/** The peer's socket stays in raw mode so it writes exactly the bytes given; nodelay keeps each split its own segment. */
const PEER_RAW = ['binary', ['active', false], ['nodelay', true]];

export default [
  scenario(
    'partial-packets.packet2-split-header-body',
    {
      title: '{packet,2}, active: header bytes and body arrive in separate pieces',
      section,
      quote: quoteLength,
      rationale:
        'a frame whose 2-byte header and body arrive in separate TCP pieces is delivered as one whole message, and a next frame starting mid-piece is cut at the right byte',
    },
    (b) => {
      const { client, server, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', true], ['packet', 2]] });
      // Frame 1: 00 0B "hello world", header split byte by byte, body in two pieces.
      // Frame 2: 00 03 "abc" starts inside the third piece.
      server.sendSplits(S, ['\x00', '\x0b', 'hello', ' world\x00', '\x03ab', 'c'], 60);
      b.await(client, until.count(2), 2000);
    },
  ),
  scenario(
    'partial-packets.packet4-split-passive-recv',
    {
      title: '{packet,4}, passive: recv waits for the whole frame; a partial header at close gives {error,closed}',
      section,
      quote: quoteLength,
      rationale:
        'recv(S,0) pending while a 4-byte-header frame trickles in returns the whole body once, and 3 of 4 header bytes followed by a close are dropped: recv returns {error,closed}',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const { C: S, S: A } = b.connectedPair({
        client: server,
        server: client,
        listen: ['binary', ['active', false], ['packet', 4]],
        connect: PEER_RAW,
        names: { connect: 'S', accept: 'A' },
      });
      client.recv(A, 0, 2000).nowait('whole');
      server.sendSplits(S, ['\x00\x00', '\x00\x08', 'fra', 'gment'], 60);
      b.join(['whole'], 2000);
      // recv returned only once every piece was there (3 gaps of 60 ms).
      b.within('whole', 180, 130);
      server.send(S, bin('\x00\x00\x01'));
      b.wait(50);
      server.close(S);
      client.recv(A, 0, 500);
    },
  ),
  scenario(
    'partial-packets.packet2-partial-frame-at-close',
    {
      title: '{packet,2}, active: a frame cut short by the peer closing is dropped before tcp_closed',
      section,
      quote: quoteLength,
      rationale:
        'complete frames are delivered, the trailing partial frame (header plus part of the body) is dropped silently, and {tcp_closed,S} follows with no tcp_error',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', true], ['packet', 2]] });
      // One whole frame "one", then a header announcing 10 bytes and only 4 of them.
      server.sendSplits(S, ['\x00\x03one\x00\x0a', 'part'], 60);
      b.wait(60);
      server.close(S);
      b.await(client, until.closed(C), 2000);
    },
  ),
  scenario(
    'partial-packets.line-split-partial-last-line',
    {
      title: '{packet,line}, active: lines split over several writes; a partial last line at close',
      section,
      quote: quoteLine,
      rationale:
        'a line written in several pieces arrives as one message ending in a newline, two lines sharing a piece are two messages, and an unterminated last line is dropped before tcp_closed',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', true], ['packet', 'line']] });
      server.sendSplits(S, ['hel', 'lo wor', 'ld\nsec', 'ond\n\nno newline', ' here'], 50);
      b.wait(60);
      server.close(S);
      b.await(client, until.closed(C), 2000);
    },
  ),
  scenario(
    'partial-packets.packet2-zero-length-frame',
    {
      title: '{packet,2}: a zero-length frame is a packet of its own',
      section,
      quote: quoteLength,
      rationale:
        'a header of 00 00 yields an empty binary, as the result of recv (also when the header is split) and as an active message, and does not swallow the frames around it',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 2]] });
      // An empty frame whose header is split, a 1-byte frame, an empty frame.
      server.sendSplits(S, ['\x00', '\x00\x00\x01x', '\x00\x00'], 50);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.setopts(C, [['active', true]]);
      server.send(S, bin('\x00\x00\x00\x02ok\x00\x00'));
      b.await(client, until.count(3), 2000);
    },
  ),
];
