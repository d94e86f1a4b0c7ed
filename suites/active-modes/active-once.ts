import { bin, scenario, until } from '../builder.js';
import { P2 } from './common.js';

const section = 'inet:setopts/2, option {active, true | false | once | N}';
const quote =
  'If the value is once ({active, once}), one data message from the socket is sent to the process. To receive one more message, setopts/2 must be called again with option {active, once}.';

export default [
  scenario(
    'active-modes.once-one-message-per-arm',
    {
      title: '{active,once}: one message, then passive with no tcp_passive message; arming twice is still once',
      section,
      quote,
      rationale:
        'with {active,once} exactly one packet is delivered and the socket reports {active,false} with no {tcp_passive,S}; the rest waits for recv; setting once twice before data arrives does not add up',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: P2, connect: ['binary', ['active', 'once'], ['packet', 2]] });
      client.getopts(C, ['active']);
      server.send(S, 'q1');
      server.send(S, 'q2');
      b.await(client, until.count(1), 1000);
      b.wait(50);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('q1')]] }).note('q1 only, and no tcp_passive');
      client.getopts(C, ['active']);
      client.recv(C, 0, 500);
      client.setopts(C, [['active', 'once']]);
      client.setopts(C, [['active', 'once']]);
      client.getopts(C, ['active']);
      server.send(S, 'q3');
      server.send(S, 'q4');
      b.await(client, until.count(1), 1000);
      b.wait(50);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('q3')]] }).note('q3 only: once + once is one message');
      client.getopts(C, ['active']);
      client.recv(C, 0, 500);
    },
  ),
];
