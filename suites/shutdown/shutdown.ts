import { raises, scenario, until } from '../builder.js';

const section = 'gen_tcp:shutdown/2';
const quote = 'Closes a socket in one or two directions. How == write means closing the socket for writing, reading from it is still possible.';

export default [
  scenario(
    'shutdown.write-peer-sees-close',
    {
      title: 'shutdown(write): the peer sees the close, the subject still reads',
      section,
      quote,
      rationale: 'after shutdown(write) the peer reads the data sent before it and then {error,closed}; the subject still receives what the peer sends, and its own send fails',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        listen: ['binary', ['active', false], ['exit_on_close', false]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      client.send(C, 'last words');
      client.shutdown(C, 'write');
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      server.send(S, 'still listening');
      client.recv(C, 15, 1000);
      client.send(C, 'too late');
      client.shutdown(C, 'write')
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect('ok', { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['27', '29'] })
        .note('a second shutdown(write)');
      server.close(S);
      client.recv(C, 0, 1000);
    },
  ),
  scenario(
    'shutdown.write-active-peer',
    {
      title: 'shutdown(write) on an active subject: the peer gets tcp_closed, the subject keeps getting data',
      section,
      quote,
      rationale: 'an active subject that shut down its write side keeps receiving {tcp,..} messages, then {tcp_closed,..} when the peer closes too',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        listen: ['binary', ['active', true], ['exit_on_close', false]],
        connect: ['binary', ['active', true]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      client.shutdown(C, 'write');
      b.await(server, until.closed(S), 1000);
      server.send(S, 'after your fin');
      b.await(client, until.data(C, 14), 1000);
      server.close(S);
      b.await(client, until.closed(C), 1000);
    },
  ),
  scenario(
    'shutdown.read-passive',
    {
      title: 'shutdown(read) on a passive socket',
      section,
      quote: 'If How == read or there is no outgoing data buffered in the Socket port, the socket is shut down immediately and any error encountered is returned in Reason.',
      rationale: 'after shutdown(read), recv returns the backend\'s result at once, and the subject can still send',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.shutdown(C, 'read');
      client.recv(C, 0, 300);
      client.send(C, 'one way');
      server.recv(S, 7, 1000);
    },
  ),
  scenario(
    'shutdown.read-exit-on-close-false',
    {
      title: 'shutdown(read) with {exit_on_close,false}: recv sees closed, the write side stays open',
      section,
      quote: 'Option {exit_on_close, false} is useful if the peer has done a shutdown on the write side.',
      rationale: 'with exit_on_close false, recv after shutdown(read) returns {error,closed} but the socket is not closed: send still reaches the peer',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', false], ['exit_on_close', false]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      client.shutdown(C, 'read');
      client.recv(C, 0, 300);
      client.recv(C, 0, 300).expect(['error', 'closed']).note('again');
      client.send(C, 'one way');
      server.recv(S, 7, 1000);
      client.close(C);
      server.recv(S, 0, 1000);
    },
  ),
  scenario(
    'shutdown.read-active',
    {
      title: 'shutdown(read) on an active socket',
      section,
      quote: 'If How == read or there is no outgoing data buffered in the Socket port, the socket is shut down immediately and any error encountered is returned in Reason.',
      rationale: 'inet delivers {tcp_closed,S} at once after shutdown(read) on an active socket; the socket backend sends no message',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', true]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      client.shutdown(C, 'read');
      b.wait(100);
      client.send(C, 'one way');
      server.recv(S, 7, 1000);
    },
  ),
  scenario(
    'shutdown.read-write',
    {
      title: 'shutdown(read_write): the peer sees the close, the subject can neither send nor receive',
      section,
      quote,
      rationale: 'after shutdown(read_write) the peer reads {error,closed}, and the subject\'s send and recv return the backend\'s errors',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.send(C, 'bye');
      client.shutdown(C, 'read_write');
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      client.send(C, 'more');
      client.recv(C, 0, 300);
      client.close(C);
    },
  ),
  scenario(
    'shutdown.bad-sockets',
    {
      title: 'shutdown on a closed socket, on a listen socket, and with a bad How',
      section,
      quote: 'How = read | write | read_write',
      rationale: 'shutdown of a closed socket gives {error,closed} and of a listen socket {error,enotconn}; a bad How raises function_clause (inet) or returns {error,enotconn} (socket, OTP 25) and leaves the socket usable',
    },
    (b) => {
      const { client, C } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.shutdown(C, 'both')
        .expect(raises('error', 'function_clause'), { backends: ['inet'] })
        .expect(['error', 'enotconn'], { backends: ['socket'], otp: ['25'] })
        .expect(raises('error', ['invalid', ['how', 'both']]), { backends: ['socket'], otp: ['27', '29'] })
        .note('a bad How');
      client.shutdown(C, 'write').expect('ok').note('the socket still works');
      client.close(C);
      client.shutdown(C, 'write').expect(['error', 'closed']).note('closed socket');
      const CL = client.listen('CL', 0, ['binary', ['active', false]]);
      client.shutdown(CL, 'read_write')
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'enotconn'], { backends: ['socket'], otp: ['25'] })
        .expect('ok', { backends: ['socket'], otp: ['27', '29'] })
        .note('listen socket');
      client.shutdown(CL, 'read');
      client.accept('CS', CL, 100)
        .expect(['error', 'timeout'], { backends: ['inet'] })
        .expect(['error', 'timeout'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('is the listener still usable?');
    },
  ),
];
