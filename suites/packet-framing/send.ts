import { fill, list, scenario, str } from '../builder.js';
import { PEER_RAW, bytes, quoteLength, quoteNoStrip } from './common.js';

const section = 'inet:setopts/2, option {packet, PacketType} (sending)';

export default [
  scenario(
    'packet-framing.send-adds-header',
    {
      title: 'send in {packet,1|2|4} prefixes the big-endian length; other packet types send the bytes as they are',
      section,
      quote: `${quoteLength} […] ${quoteNoStrip}`,
      rationale:
        'the raw peer sees exactly one 1-, 2- or 4-byte header per send (also for an empty binary and for an iolist, whose length is the total), and no header at all in line, asn1 and http modes',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 1]] });
      client.send(C, 'abc');
      client.send(C, '');
      client.send(C, list(str('a'), list(98, bytes('cd')), bytes('')));
      server.recv(S, 4 + 1 + 5, 1000).id('packet-1');
      client.setopts(C, [['packet', 2]]);
      client.send(C, 'hello');
      client.send(C, fill(300));
      server.recv(S, 2, 1000).id('packet-2-header');
      server.recv(S, 5 + 2, 1000).id('packet-2-body-and-next-header');
      server.recv(S, 300, 1000).id('packet-2-fill');
      client.setopts(C, [['packet', 4]]);
      client.send(C, 'four');
      server.recv(S, 8, 1000).id('packet-4');
      client.setopts(C, [['packet', 'line']]);
      client.send(C, 'no newline');
      client.setopts(C, [['packet', 'asn1']]);
      client.send(C, 'asn');
      client.setopts(C, [['packet', 'http_bin']]);
      client.send(C, 'GET');
      server.recv(S, 10 + 3 + 3, 1000).id('no-header-types');
      server.recv(S, 0, 200).id('nothing-extra');
    },
  ),
  scenario(
    'packet-framing.send-too-big-for-header',
    {
      title: 'send of 256 bytes with {packet,1} and of 65536 bytes with {packet,2}',
      section,
      quote: quoteLength,
      rationale:
        'send returns what each backend returns for a packet whose length does not fit the header (real Erlang: ok, and the header is the length modulo 256 or 65536, so the frame on the wire is wrong) — an implementation must neither hang nor send a different number of bytes',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 1]] });
      client.send(C, fill(255)).id('send-255');
      client.send(C, fill(256)).id('send-256');
      client.send(C, 'z').id('send-after');
      server.recv(S, 1, 1000).id('header-255');
      server.recv(S, 255, 1000);
      server.recv(S, 1, 1000).id('header-256');
      server.recv(S, 256, 1000);
      server.recv(S, 0, 300).id('rest-1');
      client.setopts(C, [['packet', 2]]);
      client.send(C, fill(65536)).id('send-65536');
      server.recv(S, 2, 1000).id('header-65536');
      server.recv(S, 65536, 2000);
      server.recv(S, 0, 200).id('rest-2');
    },
  ),
];
