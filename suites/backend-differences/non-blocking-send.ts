import { fill, scenario, until } from '../builder.js';
import { BULK, bulkSent } from './common.js';

const section = 'gen_tcp, inet_backend note: Non-blocking send';
const quote =
  'If a user calling gen_tcp:send/2 with inet_backend = inet, tries to send more data than there is room for in the OS buffers, the "rest data" is buffered by the inet driver (and later sent in the background). The effect for the user is that the call is non-blocking. This is not the effect when inet_backend = socket, since there is no buffering. Instead the user hangs either until all data has been sent or the send_timeout timeout has been reached.';

export default [
  scenario(
    'backend-differences.non-blocking-send',
    {
      title: 'A send larger than the OS buffers to a peer that does not read',
      section,
      quote,
      rationale: 'inet returns ok at once and buffers the rest; socket blocks until send_timeout and returns {timeout, Rest}',
      messages: { server: 'ignore' },
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', false], ['send_timeout', 500]],
      });
      server.stopReading(S);
      client.send(C, fill(16 * 1024 * 1024)).shape().id('big');
    },
  ),
  scenario(
    'backend-differences.non-blocking-send-then-read',
    {
      title: 'Data buffered by a non-blocking send all reaches a peer that starts reading later',
      section,
      quote,
      rationale: 'inet delivers every byte of the buffered rest data in the background once the peer reads; socket delivers only what the kernel took before the timeout',
      messages: { server: 'ignore' },
    },
    (b) => {
      const { server, S } = bulkSent(b);
      server.setopts(S, [['active', true]]);
      b.await(server, until.data(S, BULK), 2000, 'all-bytes');
    },
  ),
];
