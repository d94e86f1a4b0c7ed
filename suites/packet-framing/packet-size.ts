import { LOOPBACK, scenario, until } from '../builder.js';
import type { Scenario, TermIn } from '../../harness/scenario/schema.js';
import { PEER_RAW, bytes, quotePacketSize } from './common.js';

const section = 'inet:setopts/2, option {packet_size, Integer}';

/** For each packet type: a 2-byte packet, a 5-byte one (over packet_size 4), and a later 2-byte one. */
const cases: Array<{ type: number | string; ok: TermIn; tooBig: TermIn; later: TermIn }> = [
  { type: 1, ok: bytes(2, 'ok'), tooBig: bytes(5, 'toolo'), later: bytes(2, 'ne') },
  { type: 2, ok: bytes(0, 2, 'ok'), tooBig: bytes(0, 5, 'toolo'), later: bytes(0, 2, 'ne') },
  { type: 4, ok: bytes(0, 0, 0, 2, 'ok'), tooBig: bytes(0, 0, 0, 5, 'toolo'), later: bytes(0, 0, 0, 2, 'ne') },
  { type: 'line', ok: bytes('ok\n'), tooBig: bytes('toolong\n'), later: bytes('ne\n') },
];

const active: Scenario[] = cases.map(({ type, ok, tooBig, later }) =>
  scenario(
    `packet-framing.packet-size-exceeded-active-${type}`,
    {
      title: `{packet,${type}} with {packet_size,4}, active: a packet over the limit, then another packet`,
      section,
      quote: quotePacketSize,
      rationale: `with {packet,${type}}, a packet within packet_size is delivered, the one over it gives {tcp_error,S,emsgsize}; then inet closes the socket ({tcp_closed,S}, getopts fails) while socket keeps it open but turns it passive, and a recv shows whether the later valid packet can still be read`,
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        listen: PEER_RAW,
        connect: ['binary', ['active', true], ['packet', type], ['packet_size', 4]],
      });
      server.send(S, ok);
      b.await(client, until.count(1), 1000);
      server.send(S, tooBig);
      b.await(client, until.error(C), 1000);
      server.send(S, later);
      b.wait(150);
      client.getopts(C, ['active', 'packet_size']).id('after-error');
      client.recv(C, 0, 200).id('recv-after-error');
    },
  ),
);

export default [
  ...active,
  scenario(
    'packet-framing.packet-size-exceeded-passive',
    {
      title: '{packet_size,4}, passive: the limit is inclusive; recv after emsgsize, for {packet,2} and {packet,line}',
      section,
      quote: quotePacketSize,
      rationale:
        'a 4-byte body passes a packet_size of 4, a 5-byte one fails recv with {error,emsgsize}; the following recvs show what each backend does next (inet: the socket is gone; socket: the error repeats or the packet is skipped)',
    },
    (b) => {
      const { client, server, L, C: C2, S: S2 } = b.connectedPair({
        listen: PEER_RAW,
        connect: ['binary', ['active', false], ['packet', 2], ['packet_size', 4]],
        names: { connect: 'C2', accept: 'S2' },
      });
      const CL = client.connect('CL', LOOPBACK, L.port, ['binary', ['active', false], ['packet', 'line'], ['packet_size', 4]]);
      const SL = server.accept('SL', L, 2000);
      server.send(S2, bytes(0, 4, 'four', 0, 5, 'fives', 0, 2, 'ne'));
      server.send(SL, bytes('abc\n', 'toolong\n', 'ne\n'));
      b.wait(50);
      client.recv(C2, 0, 500).id('p2-at-limit');
      client.recv(C2, 0, 500).id('p2-over');
      client.recv(C2, 0, 300).id('p2-next');
      client.recv(C2, 0, 300).id('p2-next-again');
      client.recv(CL, 0, 500).id('line-at-limit');
      client.recv(CL, 0, 500).id('line-over');
      client.recv(CL, 0, 300).id('line-next');
      client.recv(CL, 0, 300).id('line-next-again');
    },
  ),
];
