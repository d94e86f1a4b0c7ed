import { bin, fill, scenario, until } from '../builder.js';
import { PEER_RAW, bytes, quoteLength, quoteNoStrip, quoteRecvLength, raw, sectionPacket as section } from './common.js';

export default [
  scenario(
    'packet-framing.packet1-recv-and-active',
    {
      title: '{packet,1}: recv strips the 1-byte header, up to 255 bytes; recv(S,N>0) in a packet mode; then active',
      section,
      quote: `${quoteLength} […] ${quoteRecvLength}`,
      rationale:
        'frames with a 1-byte header (3 bytes, empty, 2 bytes split from their header, the 255-byte maximum) come out of recv one by one without the header; recv with Length > 0 is refused or ignored as each backend does; active messages carry one frame each',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 1]] });
      server.sendSplits(S, [raw(3, 'abc', 0, 2), 'xy', raw(255), fill(255)], 40);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('max-frame');
      server.send(S, bytes(2, 'hi'));
      b.wait(50);
      client.recv(C, 3, 500).id('recv-length-3')
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(['ok', bin('hi')], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('inet refuses Length > 0 in a packet mode; the OTP 25 socket backend ignores it');
      client.recv(C, 0, 300).id('after-length');
      client.setopts(C, [['active', true]]);
      server.send(S, bytes(1, 'a', 1, 'b', 0));
      b.await(client, until.count(3), 2000);
    },
  ),
  scenario(
    'packet-framing.asn1-ber',
    {
      title: '{packet,asn1}, active: BER short, long and high-tag forms, and indefinite length',
      section,
      quote: quoteNoStrip,
      rationale:
        'each BER TLV (short length, long-form length split across pieces, multi-byte tag, 4-byte long length) arrives whole with its header; an indefinite-length header 30 80 is delivered as a packet of its own, followed by the 00 00 end marker as the next packet',
    },
    (b) => {
      const { client, server, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', true], ['packet', 'asn1']] });
      server.sendSplits(
        S,
        [
          raw(0x30, 3, 1, 2, 3, 0x04, 0x81),
          raw(2, 'ab', 0x1f, 0x81),
          raw(0x01, 2, 'cd', 0x02, 0x84, 0, 0, 0, 1, 'z'),
          raw(0x30, 0x80, 0, 0),
        ],
        40,
      );
      b.await(client, until.count(6), 2000);
    },
  ),
  scenario(
    'packet-framing.cdr-giop',
    {
      title: '{packet,cdr}, passive: GIOP headers in both byte orders, then a bad magic',
      section,
      quote: quoteNoStrip,
      rationale:
        'a GIOP message is the 12-byte header plus the size it gives, read big-endian or little-endian by the flags byte (a size of 0 is a header-only packet); a header that does not start with "GIOP" fails recv with emsgsize, and the next recv shows whether the socket survived',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 'cdr']] });
      server.sendSplits(
        S,
        [
          raw('GIOP', 1, 1, 0, 0, 0, 0),
          raw(0, 3, 'abc', 'GIOP', 1, 1, 1, 0, 2, 0, 0, 0, 'de'),
          raw('GIOP', 1, 1, 0, 5, 0, 0, 0, 0),
        ],
        40,
      );
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      server.send(S, bytes('GIOQ', 1, 1, 0, 0, 0, 0, 0, 1, 'x'));
      client.recv(C, 0, 1000).id('bad-magic');
      client.recv(C, 0, 300).id('after-bad-magic');
    },
  ),
  scenario(
    'packet-framing.sunrm-then-tpkt',
    {
      title: '{packet,sunrm} record marks, then {packet,tpkt} (RFC 1006) with a bad version',
      section,
      quote: quoteNoStrip,
      rationale:
        'sunrm: the 4-byte record mark (high bit = last fragment, 31-bit length) is kept and only the length counts; tpkt: the 2-byte length includes the 4-byte header, a header-only packet is valid, and a version other than 3 fails recv with emsgsize',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 'sunrm']] });
      server.sendSplits(S, [raw(0x80, 0, 0, 2, 'ab', 0, 0), raw(0, 3, 'cde', 0x80, 0, 0, 0)], 40);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.setopts(C, [['packet', 'tpkt']]);
      server.sendSplits(S, [raw(3, 0), raw(0, 6, 'ab', 3, 0, 0, 4)], 40);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      server.send(S, bytes(4, 0, 0, 5, 'x'));
      client.recv(C, 0, 1000).id('bad-version');
      client.recv(C, 0, 300).id('after-bad-version');
    },
  ),
  scenario(
    'packet-framing.fcgi-padding',
    {
      title: '{packet,fcgi}, active: content plus padding; the padding is not part of the packet',
      section,
      quote: quoteNoStrip,
      rationale:
        'an FCGI record is the 8-byte header plus contentLength bytes, and its paddingLength bytes are consumed but not delivered; a header split over pieces waits; a version other than 1 gives {tcp_error,S,emsgsize} and then whatever the backend does next',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', true], ['packet', 'fcgi']] });
      // version 1, type 1, request id 1, content 2 bytes, padding 3 bytes; then an empty record; then a split header.
      server.sendSplits(
        S,
        [raw(1, 1, 0, 1, 0, 2, 3, 0, 'ab', 'PPP', 1, 5, 0, 1, 0, 0, 0, 0, 1, 6), raw(0, 2, 0, 3, 1, 0, 'xyz', 'Q')],
        40,
      );
      b.await(client, until.count(3), 2000);
      server.send(S, bytes(2, 1, 0, 1, 0, 1, 0, 0, 'v'));
      b.await(client, until.error(C), 2000);
    },
  ),
];
