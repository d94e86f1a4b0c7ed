import { LOOPBACK, scenario } from '../builder.js';

/** inet:setopts/2, option {reuseaddr, Boolean}. */
const section = 'inet:setopts/2, option {reuseaddr, Boolean}';
const quote = 'Allows or disallows local reuse of address. By default, reuse is disallowed.';

export default [
  scenario(
    'options.reuseaddr-time-wait',
    {
      title: 'Listening again on a port whose connection is in TIME_WAIT needs {reuseaddr, true}',
      section,
      quote,
      rationale:
        'after the server side closes an accepted connection first (leaving TIME_WAIT) and the listen socket, listen on the same port fails with eaddrinuse by default and succeeds with {reuseaddr,true}; a second listener on a live port fails either way',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });

      const { L: L1, C: C1, S: S1 } = b.connectedPair({
        client,
        server,
        listen: ['binary', ['active', false]],
        connect: ['binary', ['active', false]],
        names: { listen: 'L1', connect: 'C1', accept: 'S1' },
      });
      server.close(S1).expect('ok').note('the server closes first: its side goes to TIME_WAIT');
      client.recv(C1, 0, 1000);
      client.close(C1);
      server.close(L1);
      server.listen('L1again', L1.port, ['binary', ['active', false]])
        .expect(['error', 'eaddrinuse'])
        .note('reuse is disallowed by default');

      const L2 = server.listen('L2', 0, ['binary', ['active', false], ['reuseaddr', true]]);
      server.getopts(L2, ['reuseaddr']);
      const C2 = client.connect('C2', LOOPBACK, L2.port, ['binary', ['active', false]]);
      const S2 = server.accept('S2', L2, 2000);
      server.getopts(S2, ['reuseaddr']).expect(['ok', { list: [['reuseaddr', 'true']] }]).note('inherited from the listen socket');
      server.close(S2);
      client.recv(C2, 0, 1000);
      client.close(C2);
      server.close(L2);
      const L2again = server.listen('L2again', L2.port, ['binary', ['active', false], ['reuseaddr', true]])
        .expect(['ok', { sock: 'L2again' }]);
      server.listen('L2twice', L2.port, ['binary', ['active', false], ['reuseaddr', true]])
        .expect(['error', 'eaddrinuse'])
        .note('L2again is listening there');
      const C3 = client.connect('C3', LOOPBACK, L2.port, ['binary', ['active', false]]);
      server.accept('S3', L2again, 2000).expect(['ok', { sock: 'S3' }]).note('the new listener works');
      client.send(C3, 'ok');
    },
  ),
];
