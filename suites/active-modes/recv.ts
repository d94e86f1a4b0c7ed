import { scenario, until } from '../builder.js';

const section = 'gen_tcp:recv/2,3';
const quote = 'Receives a packet from a socket in passive mode. A closed socket is indicated by return value {error, closed}.';

export default [
  scenario(
    'active-modes.recv-on-active-socket',
    {
      title: 'recv on a socket in active true, once or N mode is {error,einval}, and costs no data',
      section,
      quote,
      rationale:
        'recv (length 0 or N, any timeout) on an active socket returns {error,einval} at once, with or without data, and the data still comes as messages; once the socket is passive, recv works again',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', true]] });
      client.recv(C, 0, 100).expect(['error', 'einval']).note('{active,true}');
      server.send(S, 'one');
      b.await(client, until.data(C, 3), 1000);
      client.setopts(C, [['active', 'once']]);
      client.recv(C, 0, 100).expect(['error', 'einval']).note('{active,once}');
      client.recv(C, 5, 100);
      server.send(S, 'two');
      b.await(client, until.data(C, 3), 1000);
      client.setopts(C, [['active', 1]]);
      client.recv(C, 0).expect(['error', 'einval']).note('{active,1}, no timeout: still returns at once');
      server.send(S, 'three');
      b.await(client, until.passive(C), 1000);
      client.recv(C, 0, 100).expect(['error', 'timeout']).note('passive again: an ordinary timeout');
      server.send(S, 'four');
      client.recv(C, 0, 500);
      client.flush();
    },
  ),
];
