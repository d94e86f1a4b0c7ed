import { scenario, until } from '../builder.js';
import { P2 } from './common.js';

const section = 'inet:setopts/2, options list, binary and {mode, Mode}';
const quote =
  'list: Received Packet is delivered as a list. binary: Received Packet is delivered as a binary. […] {mode, Mode :: binary | list}: Received Packet is delivered as defined by Mode.';

export default [
  scenario(
    'active-modes.list-and-binary-messages',
    {
      title: 'active messages carry a list by default, a binary after setopts binary, and a list again after {mode,list}',
      section,
      quote,
      rationale:
        'with no mode option {tcp,S,Data} carries a list and getopts says {mode,list}; after setopts binary it is a binary; {mode,list} switches back; an empty packet is [] in list mode and <<>> in binary mode',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: P2, connect: [['packet', 2]] });
      client.getopts(C, ['active', 'mode']);
      server.send(S, 'li');
      b.await(client, until.count(1), 1000);
      client.setopts(C, ['binary']);
      client.getopts(C, ['mode']);
      server.send(S, 'bi');
      b.await(client, until.count(1), 1000);
      client.setopts(C, [['mode', 'list']]);
      server.send(S, 'l2');
      b.await(client, until.count(1), 1000);
      server.send(S, '');
      b.await(client, until.count(1), 1000);
      client.setopts(C, [['mode', 'binary']]);
      server.send(S, '');
      b.await(client, until.count(1), 1000);
      client.flush();
    },
  ),
];
