import { fill, scenario, until, type Builder, type Pair } from '../builder.js';

const section = 'gen_tcp, inet_backend note: Remote close detected by background send';
const quote =
  "An background send will detect a 'remote close' and (the inet driver will) mark the socket as 'closed'. No other action is taken. If the socket has active set to false (passive) at this point and no one is reading, this will not be noticed. But as soon as the socket is \"activated\" (active set to not false, send/2 is called or recv/2,3 is called), an error message will be sent to the caller or (socket) owner: {tcp_error, Socket, econnreset}. Any data in the OS receive buffers will be lost! This behaviour is not replicated by the socket implementation. A send operation will detect a remote close and immediately return this to the caller, but do nothing else. A reader will therefore be able to extract any data from the OS buffers.";

/**
 * The client starts a 4 MiB send to a peer that has unread data of its own and never reads; the
 * peer resets the connection while the send is going out. Left passive, nothing tells the client.
 */
function resetDuringBulkSend(b: Builder): Pair {
  const pair = b.connectedPair({ connect: ['binary', ['active', false], ['send_timeout', 1000]] });
  const { client, server, C, S } = pair;
  server.send(S, 'unread data');
  client.send(C, fill(4 * 1024 * 1024)).shape().nowait('bulk');
  b.wait(100); // the send is under way: no message marks it
  server.reset(S);
  b.join(['bulk'], 3000);
  b.wait(200); // the RST reaches a passive socket: no message marks it
  return pair;
}

export default [
  scenario(
    'backend-differences.remote-close-background-send-activate',
    {
      title: 'A remote close found by a background send shows when the passive socket is activated',
      section,
      quote,
      rationale: 'inet: activating gives {tcp_error,S,econnreset} and the unread data is lost; socket: the data arrives, then tcp_closed',
    },
    (b) => {
      const { client, C } = resetDuringBulkSend(b);
      client.setopts(C, [['active', true]]);
      b.await(client, until.closed(C), 2000);
    },
  ),
  scenario(
    'backend-differences.remote-close-background-send-recv',
    {
      title: 'A remote close found by a background send, then recv on the passive socket',
      section,
      quote,
      rationale: 'inet: recv returns an error and the unread data is lost; socket: recv returns the data first',
    },
    (b) => {
      const { client, C } = resetDuringBulkSend(b);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
    },
  ),
];
