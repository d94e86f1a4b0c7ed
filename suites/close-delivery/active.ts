import { bin, fill, scenario, until } from '../builder.js';

const section = 'inet:setopts/2, option {active, true | false | once | N}';

export default [
  scenario(
    'close-delivery.active-data-before-closed',
    {
      title: 'Active mode: the peer sends several chunks and closes; every byte comes before tcp_closed',
      section,
      quote:
        'If the value is true, which is the default, everything received from the socket is sent as messages to the receiving process.',
      rationale: 'in {active,true} all data the peer sent before its close is delivered, in order, before {tcp_closed,S}',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', true]] });
      server.sendSplits(S, ['first|', fill(60000), '|middle|', fill(30000), '|last'], 20);
      server.close(S);
      b.await(client, until.closed(C), 3000);
    },
  ),
  scenario(
    'close-delivery.active-once-closed-after-rearm',
    {
      title: '{active,once}: each message needs a re-arm, and so does tcp_closed',
      section,
      quote:
        'If the value is once ({active, once}), one data message from the socket is sent to the process. To receive one more message, setopts/2 must be called again with option {active, once}. […] To simplify programming, a socket where the peer closed, and this is detected while in {active, false} mode, still generates message {tcp_closed,Socket} when set to {active, once}, {active, true}, or {active, N} mode.',
      rationale: 'after the peer sends and closes, the subject gets one data message per {active,once}, and tcp_closed only after re-arming once more',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', 'once']] });
      server.send(S, 'first');
      b.await(client, until.data(C, 5), 1000);
      server.send(S, 'second');
      server.close(S);
      b.wait(150);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('first')]] }).note('only the first message: the socket went passive after it');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.data(C, 6), 1000);
      b.wait(150);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('second')]] }).note('the second message alone: tcp_closed waits for the next re-arm');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.closed(C), 1000);
      client.flush();
    },
  ),
];

