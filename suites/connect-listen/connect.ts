import { LOOPBACK, LOOPBACK6, scenario, str } from '../builder.js';

const section = 'gen_tcp:connect/3,4';
const quote = 'Connects to a server on TCP port Port on the host with IP address Address. Argument Address can be a hostname or an IP address.';

export default [
  scenario(
    'connect-listen.connect-refused',
    {
      title: 'connect to a port nobody listens on',
      section,
      quote,
      rationale: 'a connect to a closed port returns {error,econnrefused} at once, with or without a timeout',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      server.close(L);
      client.connect('C1', LOOPBACK, L.port, ['binary', ['active', false]]).id('no-timeout');
      client.connect('C2', LOOPBACK, L.port, ['binary', ['active', false]], 1000).id('with-timeout');
      b.within('no-timeout', 0, 150);
      b.within('with-timeout', 0, 150);
    },
  ),
  scenario(
    'connect-listen.connect-timeout',
    {
      title: 'connect with a timeout to a listener whose queue is full',
      section,
      quote: 'The optional Timeout parameter specifies a time-out in milliseconds. Defaults to infinity.',
      rationale: 'a connect that cannot complete returns {error,timeout} when its Timeout expires, not earlier and not much later',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['backlog', 0]]);
      server.connect('F', LOOPBACK, L.port, ['binary', ['active', false]], 500).expect(['ok', { sock: 'F' }]).note('fills the queue of one');
      client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 300).id('timed-out');
      b.within('timed-out', 300, 150);
    },
  ),
  scenario(
    'connect-listen.connect-hostname',
    {
      title: 'connect by hostname: "localhost" as a string and as an atom, by tuple, and a name that does not resolve',
      section,
      quote,
      rationale: 'a hostname (string or atom) is resolved and connects like the IPv4 tuple (peername shows the resolved address); an unresolvable name gives {error,nxdomain}',
    },
    (b) => {
      const { client, server, L, C: C1 } = b.connectedPair({
        connectTimeout: 1000,
        acceptTimeout: 1000,
        address: str('localhost'),
        names: { connect: 'C1', accept: 'S1' },
      });
      client.peername(C1);
      const C2 = client.connect('C2', 'localhost', L.port, ['binary', ['active', false]], 1000);
      server.accept('S2', L, 1000);
      client.peername(C2);
      const C3 = client.connect('C3', LOOPBACK, L.port, ['binary', ['active', false]], 1000);
      server.accept('S3', L, 1000);
      client.peername(C3);
      client.connect('C4', str('no-such-host.invalid'), L.port, ['binary', ['active', false]], 2000);
    },
  ),
  scenario(
    'connect-listen.inet6-loopback',
    {
      title: 'IPv6: listen and connect on [::1]',
      section: 'gen_tcp:connect/3,4 and gen_tcp:listen/2, option inet6',
      quote: 'inet6: Sets up the socket for IPv6.',
      rationale: 'with inet6 a subject listener and a subject client work over ::1, and sockname/peername are 8-tuples',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = client.listen('L', 0, ['inet6', ['ip', LOOPBACK6], 'binary', ['active', false]]);
      client.sockname(L);
      server.connect('P', LOOPBACK6, L.port, ['inet6', 'binary', ['active', false]], 1000);
      const S = client.accept('S', L, 1000);
      client.sockname(S);
      client.peername(S);
      const { L: PL, C } = b.connectedPair({
        client,
        server,
        listen: ['inet6', 'binary', ['active', false]],
        connect: ['inet6', 'binary', ['active', false]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
        address: LOOPBACK6,
        names: { listen: 'PL', accept: 'PS' },
      });
      client.peername(C);
      client.connect('C2', LOOPBACK6, PL.port, ['binary', ['active', false]], 1000)
        .expect(['ok', { sock: 'C2' }])
        .note('an IPv6 tuple without the inet6 option');
      client.connect('C3', LOOPBACK, PL.port, ['inet6', 'binary', ['active', false]], 1000)
        .expect(['error', 'eafnosupport'])
        .note('an IPv4 tuple with inet6');
    },
  ),
  scenario(
    'connect-listen.client-bind',
    {
      title: 'bind the client side with {ip,..}, {ifaddr,..} and {port,..}',
      section,
      quote: '{ip, Address}: If the host has many network interfaces, this option specifies which one to use. […] {port, Port}: Specifies which local port number to use.',
      rationale: 'the client socket is bound to the given address and port: its sockname and the server\'s peername show them',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      const X = server.listen('X', 0, ['binary', ['active', false]]);
      server.close(X).expect('ok').note('frees a known port for the client to bind');
      const C1 = client.connect('C1', LOOPBACK, L.port, ['binary', ['active', false], ['ip', [127, 0, 0, 2]]], 1000);
      const S1 = server.accept('S1', L, 1000);
      client.sockname(C1);
      server.peername(S1);
      const C2 = client.connect('C2', LOOPBACK, L.port, ['binary', ['active', false], ['ifaddr', [127, 0, 0, 3]], ['port', X.port]], 1000);
      const S2 = server.accept('S2', L, 1000);
      client.sockname(C2);
      server.peername(S2);
      client.connect('C3', LOOPBACK, L.port, ['binary', ['active', false], ['port', X.port]], 1000)
        .expect(['error', 'eaddrinuse'])
        .note('the port is taken by C2');
    },
  ),
];
