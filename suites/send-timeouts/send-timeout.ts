import { bin, fill, scenario, until } from '../builder.js';
import { BIG, MORE, toIdlePeer } from './common.js';

const section = 'inet:setopts/2, option {send_timeout, Integer}';
const quote =
  'Specifies a longest time to wait for a send operation to be accepted by the underlying TCP stack. When the limit is exceeded, the send operation returns {error,timeout}. How much of a packet that got sent is unknown; the socket is therefore to be closed whenever a time-out has occurred (see send_timeout_close below). Defaults to infinity.';

export default [
  scenario(
    'send-timeouts.timeout-result',
    {
      title: 'A send to a peer that stopped reading gives up after send_timeout ms',
      section,
      quote,
      rationale:
        'the send that cannot be accepted returns {error,timeout} (inet) or {error,{timeout,Rest}} (socket) about send_timeout ms after it started',
      messages: { server: 'shape' },
    },
    (b) => {
      const { client, server, C, S } = toIdlePeer(b, ['binary', ['active', false], ['send_timeout', 300]]);
      client
        .send(C, fill(BIG))
        .shape()
        .id('fill')
        .expect('ok', { backends: ['inet'] })
        .expect(['error', ['timeout', bin('')]], { backends: ['socket'] })
        .note('inet\'s driver queues what the OS does not take; socket gives back the rest at once');
      client
        .send(C, fill(MORE))
        .shape()
        .id('timed')
        .expect(['error', 'timeout'], { backends: ['inet'] })
        .expect(['error', ['timeout', bin('')]], { backends: ['socket'] })
        .note('inet: the driver queue is busy, so this one waits');
      b.within('timed', 300, 150);
      // Let the peer drain, so the inet close does not linger on the queued data.
      server.setopts(S, [['active', true], ['buffer', 1024 * 1024]]);
      client.close(C);
      b.await(server, until.closed(S), 3000);
    },
  ),
  scenario(
    'send-timeouts.setopts-after-connect',
    {
      title: 'send_timeout set with setopts after connect replaces the connect value',
      section,
      quote,
      rationale: 'a send_timeout set by inet:setopts/2 on a connected socket is read back by getopts and is the one the next blocked send waits for',
      messages: { server: 'shape' },
    },
    (b) => {
      const { client, server, C, S } = toIdlePeer(b, ['binary', ['active', false], ['send_timeout', 50]]);
      client.getopts(C, ['send_timeout', 'send_timeout_close']);
      client.setopts(C, [['send_timeout', 450]]);
      client.getopts(C, ['send_timeout', 'send_timeout_close']);
      client.send(C, fill(BIG)).shape().id('fill');
      client.send(C, fill(MORE)).shape().id('timed')
        .expect(['error', 'timeout'], { backends: ['inet'] })
        .expect(['error', ['timeout', bin('')]], { backends: ['socket'] })
        .note('times out after the 450 ms set by setopts, not the 50 ms given to connect');
      b.within('timed', 450, 150);
      server.setopts(S, [['active', true], ['buffer', 1024 * 1024]]);
      client.close(C);
      b.await(server, until.closed(S), 3000);
    },
  ),
];
