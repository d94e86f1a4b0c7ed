import { scenario, until } from '../builder.js';
import { PEER_RAW, bytes } from './common.js';

const quoteHeader =
  'This option is only meaningful if option binary was specified when the socket was created. If option header is specified, the first Size number bytes of data received from the socket are elements of a list, and the remaining data is a binary specified as the tail of the same list. For example, if Size == 2, the data received matches [Byte1,Byte2|Binary].';
const quoteMode = 'Received Packet is delivered as defined by Mode.';

export default [
  scenario(
    'packet-framing.header-option',
    {
      title: '{header,N} in binary mode: [B1..BN | Binary] per packet, in raw and {packet,2} modes, and ignored in list mode',
      section: 'inet:setopts/2, option {header, Size}',
      quote: quoteHeader,
      rationale:
        'each packet (not each TCP piece) gets its first N bytes as list elements and the rest as the binary tail; a packet of exactly N bytes is [B1..BN|<<>>] on inet and a plain list on socket; in list mode the whole packet is a plain list; a raw active message gets the same shape; getopts(packet) after {packet,raw} says 0 on inet and raw on socket',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 2], ['header', 3]] });
      server.sendSplits(S, [bytes(0, 5, 'ab'), bytes('cde', 0, 3, 'xyz')], 40);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('exactly-n');
      client.setopts(C, ['list']);
      server.send(S, bytes(0, 4, 'list'));
      client.recv(C, 0, 1000).id('list-mode');
      client.setopts(C, ['binary', ['packet', 'raw'], ['header', 2], ['active', true]]);
      server.send(S, bytes('raw-data'));
      b.await(client, until.count(1), 1000);
      client.getopts(C, ['header', 'mode', 'packet']);
    },
  ),
  scenario(
    'packet-framing.header-longer-than-packet',
    {
      title: '{header,3} with {packet,2}: packets of 2 and 0 bytes (inet)',
      section: 'inet:setopts/2, option {header, Size}',
      quote: quoteHeader,
      rationale:
        'a packet shorter than the header size comes out as a plain list of its bytes ([] for an empty frame), and the socket goes on framing; the socket backend crashes its socket process here (case_clause in gen_tcp_socket:deliver_data, OTP 25 to 29), so this case is inet only',
      only: { backends: ['inet'] },
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 2], ['header', 3]] });
      server.send(S, bytes(0, 2, 'xy', 0, 0, 0, 4, 'abcd'));
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.setopts(C, [['active', true]]);
      server.send(S, bytes(0, 1, 'q'));
      b.await(client, until.count(1), 1000);
    },
  ),
  scenario(
    'packet-framing.list-vs-binary-mode',
    {
      title: 'list and binary modes with {packet,1}: strings, [] for an empty packet, bytes over 127, and switching mid-stream',
      section: 'inet:setopts/2, option {mode, Mode :: binary | list}',
      quote: quoteMode,
      rationale:
        'in list mode recv returns a byte list (an empty packet is []), bytes 128..255 stay single list elements, and after setopts(binary) the next packet from the same buffer is a binary; active messages follow the mode at the time they are made',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: [['active', false], ['packet', 1]] });
      client.getopts(C, ['mode']).id('default-mode');
      server.send(S, bytes(3, 'abc', 0, 2, 0xe9, 0xff, 2, 'bi'));
      b.wait(50);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.setopts(C, ['binary']);
      client.recv(C, 0, 1000).id('binary-after-switch');
      client.setopts(C, [['mode', 'list'], ['active', 2]]);
      server.send(S, bytes(2, 'l1'));
      b.await(client, until.count(1), 1000);
      client.setopts(C, [['mode', 'binary']]);
      server.send(S, bytes(2, 'b2'));
      b.await(client, until.count(2), 1000);
    },
  ),
];
