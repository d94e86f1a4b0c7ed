import { LOOPBACK, scenario } from '../builder.js';

const section = 'gen_tcp:listen/2';
const quote = 'Sets up a socket to listen on port Port on the local host.';

export default [
  scenario(
    'connect-listen.listen-eaddrinuse',
    {
      title: 'listen on a port that is in use, with and without reuseaddr',
      section,
      quote,
      rationale: 'a port held by a listener gives {error,eaddrinuse} even with reuseaddr; a port held only by a TIME_WAIT connection (of a reuseaddr listener) is free to a listener with {reuseaddr,true} only',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['reuseaddr', true]]);
      server.listen('L2', L.port, ['binary', ['active', false]]).expect(['error', 'eaddrinuse']).note('a listener holds the port');
      server.listen('L3', L.port, ['binary', ['active', false], ['reuseaddr', true]])
        .expect(['error', 'eaddrinuse'])
        .note('still held by a live listener');
      const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 1000);
      const S = server.accept('S', L, 1000);
      server.close(S).expect('ok').note('the subject closes first: its side goes to TIME_WAIT');
      client.recv(C, 0, 1000);
      client.close(C);
      server.close(L);
      b.wait(20);
      server.listen('L4', L.port, ['binary', ['active', false]]).expect(['error', 'eaddrinuse']).note('TIME_WAIT holds the port');
      const L5 = server.listen('L5', L.port, ['binary', ['active', false], ['reuseaddr', true]]);
      L5.expect(['ok', { sock: 'L5' }]).note('reuseaddr allows the TIME_WAIT port');
      server.port(L5);
    },
  ),
  scenario(
    'connect-listen.listen-port-option',
    {
      title: 'the {port,P} option and the Port argument',
      section,
      quote: 'If Port == 0, the underlying OS assigns an available port number, use inet:port/1 to retrieve it. […] {port, Port}: Specifies which local port number to use.',
      rationale: 'a {port,P} option overrides the Port argument 0, and {port,0} overrides a non-zero Port argument',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const X = server.listen('X', 0, ['binary', ['active', false]]);
      server.close(X).expect('ok').note('frees a known port');
      const L1 = server.listen('L1', 0, ['binary', ['active', false], ['port', X.port]]);
      server.port(L1);
      client.connect('C1', LOOPBACK, X.port, ['binary', ['active', false]], 1000)
        .expect(['ok', { sock: 'C1' }])
        .note('connects to the port from the option');
      const L2 = server.listen('L2', X.port, ['binary', ['active', false], ['port', 0]])
        .expect(['ok', { sock: 'L2' }])
        .note('the Port argument is taken by L1');
      server.port(L2).shape();
    },
  ),
];
