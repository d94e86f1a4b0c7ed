import { LOOPBACK, scenario } from '../builder.js';

const section = 'inet:port/1, inet:sockname/1, inet:peername/1';
const quote =
  'peername(Socket :: socket()) -> {ok, {ip_address(), port_number()} | returned_non_ip_address()} | {error, posix()} Returns the address and port for the other end of a connection. […] port(Socket) -> {ok, Port} | {error, any()} […] Returns the local port number for a socket. […] sockname(Socket :: socket()) -> {ok, {ip_address(), port_number()} | returned_non_ip_address()} | {error, posix()} Returns the local address and port number for a socket.';

export default [
  scenario(
    'inet-calls.addresses-listen',
    {
      title: 'port, sockname and peername on listen sockets',
      section,
      quote,
      rationale: 'a listen socket has a port and a sockname (the wildcard or the {ip,..} address) but no peer: peername is {error,enotconn}',
    },
    (b) => {
      const server = b.subject('server');
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      server.port(L);
      server.sockname(L);
      server.peername(L);
      const L2 = server.listen('L2', 0, ['binary', ['active', false], ['ip', LOOPBACK]]);
      server.port(L2);
      server.sockname(L2);
      server.peername(L2);
    },
  ),
  scenario(
    'inet-calls.addresses-connected',
    {
      title: 'port, sockname and peername on a connected client and an accepted socket',
      section,
      quote,
      rationale: 'each end reports its own address and port and the other end\'s; the accepted socket has the listener\'s port',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'subject' });
      const { L, C, S } = b.connectedPair({
        client,
        server,
        listen: ['binary', ['active', false]],
        connect: ['binary', ['active', false]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      client.port(C);
      client.sockname(C);
      client.peername(C);
      server.port(S);
      server.sockname(S);
      server.peername(S);
      server.port(L);
    },
  ),
  scenario(
    'inet-calls.addresses-after-peer-close',
    {
      title: 'port, sockname and peername after the peer closed, before and after the close is seen',
      section,
      quote,
      rationale: 'a half-closed socket still has its addresses; once recv saw the close (exit_on_close) the calls fail as the backend does',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      server.close(S);
      b.wait(50);
      client.port(C).expect(['ok', { portOf: 'C' }]).note('the FIN arrived but nobody read it');
      client.sockname(C);
      client.peername(C);
      client.recv(C, 0, 500);
      client.port(C)
        .expect(['error', 'ebadf'], { backends: ['inet'] })
        .expect(['ok', { portOf: 'C' }], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['27', '29'] })
        .note('recv returned closed');
      client.sockname(C);
      client.peername(C);
    },
  ),
  scenario(
    'inet-calls.addresses-closed',
    {
      title: 'port, sockname and peername on sockets closed locally',
      section,
      quote,
      rationale: 'after close, port/sockname/peername on a connected and on a listen socket return the backend\'s error',
    },
    (b) => {
      const { client, C } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.close(C);
      client.port(C);
      client.sockname(C);
      client.peername(C);
      const CL = client.listen('CL', 0, ['binary', ['active', false]]);
      client.close(CL);
      client.port(CL);
      client.sockname(CL);
      client.peername(CL);
    },
  ),
];
