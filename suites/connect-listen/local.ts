import { path, scenario, until } from '../builder.js';

const section = 'gen_tcp:connect/3,4 and gen_tcp:listen/2, option local; inet:local_address()';
const quote = 'local: Sets up a Unix Domain Socket. See inet:local_address() […] In most API functions where you can use this address family the port number must be 0.';

export default [
  scenario(
    'connect-listen.local-listen',
    {
      title: 'a subject listener on a unix-domain socket',
      section,
      quote,
      rationale: 'listen with {ifaddr,{local,Path}} accepts a unix-domain connection that carries data both ways; sockname/peername give {local,_} addresses',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const L = server.listen('L', 0, [['ifaddr', path('cl-ls')], 'binary', ['active', false]]);
      server.sockname(L).shape();
      const C = client.connect('C', path('cl-ls'), 0, ['local', 'binary', ['active', false]], 1000);
      const S = server.accept('S', L, 1000);
      client.send(C, 'over unix');
      server.recv(S, 9, 1000);
      server.send(S, 'and back');
      client.recv(C, 8, 1000);
      server.sockname(S).shape();
      server.peername(S).shape();
      server.port(L).shape();
    },
  ),
  scenario(
    'connect-listen.local-connect',
    {
      title: 'a subject client on a unix-domain socket',
      section,
      quote,
      rationale: 'connect({local,Path}, 0, [local]) reaches a unix-domain listener; connect to a path nobody listens on is refused',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, [['ifaddr', path('cl-lc')], 'binary', ['active', false]]);
      const C = client.connect('C', path('cl-lc'), 0, ['local', 'binary', ['active', true]], 1000);
      const S = server.accept('S', L, 1000);
      server.send(S, 'hello');
      b.await(client, until.data(C, 5), 1000);
      client.send(C, 'reply');
      server.recv(S, 5, 1000);
      client.peername(C).shape();
      server.close(S);
      b.await(client, until.closed(C), 1000);
      client.connect('C2', path('cl-nobody'), 0, ['local', 'binary', ['active', false]], 1000);
    },
  ),
];
