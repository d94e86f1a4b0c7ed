import { fill, scenario, until } from '../builder.js';
import { BIG, MORE, toIdlePeer } from './common.js';

const section = 'gen_tcp, Examples (send time-outs)';
const quote =
  "%% Usually, it's a good idea to give up in case of a %% send timeout, as you never know how much actually %% reached the server, maybe only a packet header?!";

export default [
  scenario(
    'send-timeouts.close-false-data-delivered',
    {
      title: 'How much of the data reaches the peer when it reads again after a send timeout',
      section,
      quote,
      rationale:
        'with send_timeout_close false, data accepted before the timeout arrives first and in order; inet also delivers every byte of the timed-out sends, socket only what the OS took',
      messages: { server: 'shape' },
    },
    (b) => {
      const { client, server, C, S } = toIdlePeer(b, ['binary', ['active', false], ['send_timeout', 300]]);
      client.send(C, 'hello');
      client.send(C, fill(BIG)).shape().id('fill');
      client.send(C, fill(MORE)).shape().id('timed');
      server.recv(S, 5, 1000);
      server.setopts(S, [['active', true], ['buffer', 1024 * 1024]]);
      client.close(C).expect('ok').note('inet: returns once the driver queue has drained to the reading peer');
      b.await(server, until.closed(S), 3000, 'closed');
      // Counted from the start of the run: did all of both big sends arrive?
      b.steps.push({ op: 'await', actor: 'server', until: until.data(S, BIG + MORE), timeout: 0, since: 'start', id: 'all-bytes' });
    },
  ),
];
