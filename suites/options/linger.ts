import { LOOPBACK, scenario } from '../builder.js';

/** inet:setopts/2, option {linger, {true|false, Seconds}}. */
const section = 'inet:setopts/2, option {linger, {true|false, Seconds}}';
const quote =
  '{true, 0}: Aborts the connection when it is closed. Discards any data still remaining in the send buffers and sends RST to the peer. This avoids TCP\'s TIME_WAIT state, but leaves open the possibility that another "incarnation" of this connection being created.';

export default [
  scenario(
    'options.linger-zero-resets',
    {
      title: 'close with {linger, {true, 0}} aborts the connection: the peer sees an RST, not a FIN',
      section,
      quote,
      rationale:
        'with {linger,{true,0}}, set by setopts or given to connect, close sends RST: a peer with show_econnreset reads the data already sent and then {error,econnreset}; with the default {false,0} it reads the data then {error,closed}',
    },
    (b) => {
      const { client, server, L, C: C1, S: S1 } = b.connectedPair({
        listen: ['binary', ['active', false], ['show_econnreset', true]],
        names: { connect: 'C1', accept: 'S1' },
      });
      client.setopts(C1, [['linger', [true, 0]]]);
      client.send(C1, 'bye 1');
      server.recv(S1, 5, 1000);
      client.close(C1);
      server.recv(S1, 0, 1000).expect(['error', 'econnreset']).note('an RST');

      const C2 = client.connect('C2', LOOPBACK, L.port, ['binary', ['active', false], ['linger', [true, 0]]]);
      const S2 = server.accept('S2', L, 2000);
      client.send(C2, 'bye 2');
      server.recv(S2, 5, 1000);
      client.close(C2);
      server.recv(S2, 0, 1000).expect(['error', 'econnreset']).note('linger given at connect works the same');

      const C3 = client.connect('C3', LOOPBACK, L.port, ['binary', ['active', false]]);
      const S3 = server.accept('S3', L, 2000);
      client.send(C3, 'bye 3');
      server.recv(S3, 5, 1000);
      client.close(C3);
      server.recv(S3, 0, 1000).expect(['error', 'closed']).note('the default linger sends a FIN');

      const C4 = client.connect('C4', LOOPBACK, L.port, ['binary', ['active', false], ['linger', [true, 0]]]);
      const S4 = server.accept('S4', L, 2000);
      client.setopts(C4, [['linger', [false, 0]]]);
      client.send(C4, 'bye 4');
      server.recv(S4, 5, 1000);
      client.close(C4);
      server.recv(S4, 0, 1000).expect(['error', 'closed']).note('linger turned off again before close');
    },
  ),
];
