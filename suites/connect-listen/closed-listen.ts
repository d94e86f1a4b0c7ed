import { LOOPBACK, scenario, type Builder } from '../builder.js';

/**
 * Every call on a listen socket after it is closed, on both backends. From OTP's
 * gen_tcp_misc_SUITE:closed_socket/1 ("Tests the response when using a closed
 * socket as argument": send, recv, accept and controlling_process on a closed
 * listen socket all return {error, _}), widened to the rest of the API.
 */
const section = 'gen_tcp:close/1';
const quote = 'Closes a TCP socket.';

/** A subject `server` whose passive listen socket L is already closed. */
function closedListener(b: Builder) {
  const server = b.subject('server');
  const L = server.listen('L', 0, ['binary', ['active', false]]);
  server.close(L);
  return { server, L };
}

export default [
  // OTP: lib/kernel/test/gen_tcp_misc_SUITE.erl, closed_socket/1 (send, recv, accept after close(LS)).
  scenario(
    'connect-listen.closed-listen-io',
    {
      title: 'send, recv, accept and shutdown on a listen socket its owner closed',
      section,
      quote,
      rationale:
        'after close(L), send, recv, accept and shutdown (write, read, read_write) each return an error at once and never block: inet answers {error,closed} to all; socket on OTP 25 too, on 27 and 29 recv and accept answer {error,einval} (from gen_tcp_misc_SUITE:closed_socket)',
    },
    (b) => {
      const { server, L } = closedListener(b);
      server.send(L, 'data');
      server.recv(L, 17, 500);
      server.recv(L, 0, 500);
      server.accept('A', L, 500);
      server.accept('A2', L);
      server.shutdown(L, 'write');
      server.shutdown(L, 'read');
      server.shutdown(L, 'read_write');
    },
  ),
  // OTP: gen_tcp_misc_SUITE.erl, closed_socket/1, widened to the inet calls.
  scenario(
    'connect-listen.closed-listen-inet-calls',
    {
      title: 'getopts, setopts, sockname, port, peername and getstat on a closed listen socket',
      section: 'inet:getopts/2, inet:setopts/2, inet:sockname/1, inet:port/1',
      quote:
        'An error tuple is returned only when getting options for the socket is impossible (that is, the socket is closed or the buffer size in a raw request is too large).',
      rationale:
        'after close(L), the inet calls fail without touching a socket: inet answers {error,einval} to each; socket answers {error,closed} on OTP 25, and on 27 and 29 {error,einval} to getopts, setopts and getstat but {error,closed} to sockname, port and peername (from gen_tcp_misc_SUITE:closed_socket)',
    },
    (b) => {
      const { server, L } = closedListener(b);
      server.getopts(L, ['active', 'mode']);
      server.setopts(L, [['active', true]]);
      server.sockname(L);
      server.port(L);
      server.peername(L);
      server.getstat(L, ['recv_oct']);
    },
  ),
  // OTP: gen_tcp_misc_SUITE.erl, closed_socket/1 (controlling_process(LS1, self()) after close).
  scenario(
    'connect-listen.closed-listen-controlling-process',
    {
      title: 'controlling_process and a second close on a closed listen socket',
      section: 'gen_tcp:controlling_process/2',
      quote: 'If the socket is set in active mode, this function will transfer any messages in the mailbox of the caller to the new controlling process.',
      rationale:
        'after close(L), controlling_process to the owner itself or to another live process is an error (inet {error,closed}; socket {error,closed} on OTP 25, {error,einval} on 27 and 29) and a second close returns ok, or {error,closed} on the OTP 25 socket backend (from gen_tcp_misc_SUITE:closed_socket)',
    },
    (b) => {
      const { server, other } = b.cast({ server: 'subject', other: 'subject' });
      const L = server.listen('L', 0, ['binary', ['active', true]]);
      server.close(L);
      server.controlling_process(L, server);
      server.controlling_process(L, other);
      other.controlling_process(L, other).note('not the owner, and closed');
      server.close(L);
      other.close(L);
    },
  ),
  // OTP: gen_tcp_misc_SUITE.erl, closed_socket/1 and accept_closed_by_other_process/1: the listener closed by its owner's exit.
  scenario(
    'connect-listen.closed-listen-owner-exit',
    {
      title: 'a listen socket closed by its owner\'s exit, used from another process',
      section: 'gen_tcp:controlling_process/2',
      quote: 'Assigns a new controlling process Pid to Socket. The controlling process is the process that receives messages from the socket.',
      rationale:
        'when the owner of L exits, L is closed for everyone: another process gets the same errors as after close(L) from accept, recv, send, getopts, sockname and controlling_process, close returns as after close, and a connect to the port is refused (from gen_tcp_misc_SUITE:closed_socket and accept_closed_by_other_process)',
    },
    (b) => {
      const { owner, other, c } = b.cast({ owner: 'subject', other: 'subject', c: 'peer' });
      const L = owner.listen('L', 0, ['binary', ['active', false]]);
      c.connect('C0', LOOPBACK, L.port, ['binary', ['active', false]], 1000).ref.note('the listener works');
      owner.exit('normal');
      // The socket backend closes the listener a moment after its owner's exit (recv answers
      // closed at once, einval once it is done, OTP 27 and 29): let it finish.
      b.wait(150);
      other.accept('A', L, 500);
      other.recv(L, 0, 500);
      other.send(L, 'data');
      other.getopts(L, ['active']);
      other.sockname(L);
      other.controlling_process(L, other);
      other.close(L);
      c.connect('C1', LOOPBACK, L.port, ['binary', ['active', false]], 1000).ref.note('refused: nothing listens');
    },
  ),
];
