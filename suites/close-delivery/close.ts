import { scenario } from '../builder.js';

const section = 'gen_tcp:close/1';
const quote =
  'Note that in most implementations of TCP, doing a close does not guarantee that any data sent is delivered to the recipient before the close is detected at the remote side.';

export default [
  scenario(
    'close-delivery.close-with-unread-data',
    {
      title: 'The subject closes a passive socket holding data it never read: the peer sees a reset',
      section,
      quote,
      rationale:
        'closing with unread received data aborts the connection (RST, not FIN): the peer still reads what the subject sent, then {error,econnreset}, and its next send fails',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        listen: ['binary', ['active', false], ['show_econnreset', true]],
      });
      server.send(S, 'never read by the subject');
      client.send(C, 'last words');
      b.wait(100);
      client.close(C);
      b.wait(100);
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000).expect(['error', 'econnreset']).note('econnreset, not closed: the subject reset the connection');
      server.send(S, 'too late');
    },
  ),
];
