import { scenario, until } from '../builder.js';

const section = 'gen_tcp, inet_backend note: show_econnreset';
const quote =
  'The option show_econnreset basically do not work as described when used with inet_backend = socket. The "issue" is that a remote close (as described above) do allow a reader to extract what is in the read buffers before a close is "delivered".';

export default [
  scenario(
    'backend-differences.show-econnreset-passive',
    {
      title: 'show_econnreset on a passive socket: data waiting, then an RST',
      section,
      quote,
      rationale: 'after an RST, recv with show_econnreset returns the buffered data or the error as each backend does',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', false], ['show_econnreset', true]],
      });
      server.send(S, 'before reset');
      server.reset(S);
      b.wait(200);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.send(C, 'after reset');
    },
  ),
  scenario(
    'backend-differences.show-econnreset-active',
    {
      title: 'show_econnreset on an active socket: data, then an RST',
      section,
      quote,
      rationale: 'the owner gets the data, then {tcp_error,S,econnreset}, then {tcp_closed,S}',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', true], ['show_econnreset', true]],
      });
      server.send(S, 'before reset');
      server.reset(S);
      b.await(client, until.closed(C), 2000);
    },
  ),
];
