/**
 * A send that fails because the subject already shut down its write side, and
 * what that failure does to the read side. From gen_tcp_misc_SUITE
 * shutdown_active, shutdown_passive and delay_send_error (a send after
 * shutdown(write) returns {error,closed}, or eshutdown on the socket backend).
 */
import { scenario, until, type Builder } from '../builder.js';

const section = 'gen_tcp:shutdown/2';
const quote = 'Closes a socket in one or two directions. How == write means closing the socket for writing, reading from it is still possible.';

/** A subject client and a peer that keeps its socket open after it reads the client's FIN. */
function pair(b: Builder, active: boolean) {
  return b.connectedPair({
    listen: ['binary', ['active', false], ['exit_on_close', false]],
    connect: ['binary', ['active', active]],
    connectTimeout: 1000,
    acceptTimeout: 1000,
  });
}

export default [
  scenario(
    'shutdown.failed-send-then-recv',
    {
      title: 'A send after shutdown(write) fails: what the passive read side gets afterwards',
      section,
      quote,
      rationale:
        'gen_tcp_misc_SUITE shutdown_passive/delay_send_error: after shutdown(write) a send returns {error,closed}; on inet that failure closes the read side too (recv says closed, then enotconn), on socket recv still returns the peer\'s later reply and then closed',
    },
    (b) => {
      const { client, server, C, S } = pair(b, false);
      client.shutdown(C, 'write');
      server.recv(S, 0, 1000).note('the FIN');
      client.send(C, 'too late');
      client.send(C, 'still too late').note('a second failing send');
      server.send(S, 'reply');
      client.recv(C, 5, 1000).note('the read side is still open');
      server.close(S);
      client.recv(C, 0, 1000);
      client.getopts(C, ['active']);
    },
  ),
  scenario(
    'shutdown.failed-send-keeps-buffered-data',
    {
      title: 'Data that arrived before shutdown(write), then a failing send',
      section,
      quote,
      rationale:
        'bytes the peer sent before the subject\'s shutdown(write): after a send failed on the shut-down write side, inet loses them (recv says closed) and socket still returns them',
    },
    (b) => {
      const { client, server, C, S } = pair(b, false);
      server.send(S, 'early');
      b.wait(50);
      client.shutdown(C, 'write');
      client.send(C, 'too late');
      client.recv(C, 0, 1000).note('the bytes that were already there');
      client.recv(C, 0, 200).note('nothing more yet: timeout');
    },
  ),
  scenario(
    'shutdown.failed-send-active',
    {
      title: 'An active owner: a send after shutdown(write) fails; which messages follow',
      section,
      quote,
      rationale:
        'gen_tcp_misc_SUITE shutdown_active: on inet the failed send closes the active socket at once ({tcp_closed,C}, the peer\'s later data never arrives); on socket the owner still gets the data, then {tcp_closed,C}',
    },
    (b) => {
      const { client, server, C, S } = pair(b, true);
      client.shutdown(C, 'write');
      server.recv(S, 0, 1000).note('the FIN');
      client.send(C, 'too late');
      server.send(S, 'reply');
      b.await(client, until.data(C, 5), 1000);
      server.close(S);
      b.await(client, until.closed(C), 1000);
      client.send(C, 'after the close');
    },
  ),
];
