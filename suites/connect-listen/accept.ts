import { LOOPBACK, scenario } from '../builder.js';

const section = 'gen_tcp:accept/1,2';
const quote = '{error, closed} if ListenSocket is closed';

export default [
  scenario(
    'connect-listen.close-with-blocked-acceptor',
    {
      title: 'the listen socket is closed while another process waits in accept, and accept after the close',
      section,
      quote,
      rationale: 'a blocked accept returns {error,closed} when its listen socket is closed; later accepts (with and without timeout) return {error,closed} at once; a connect is refused',
    },
    (b) => {
      const { server, acceptor, client } = b.cast({ server: 'subject', acceptor: 'subject', client: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      acceptor.accept('S', L).ref.nowait('blocked');
      b.wait(100);
      server.close(L);
      b.join(['blocked'], 1000);
      server.accept('S1', L).budget(1000);
      server.accept('S2', L, 500).id('closed-at-once');
      b.within('closed-at-once', 0, 100);
      client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 500);
    },
  ),
];
