import { LOOPBACK, bin, scenario, until } from '../builder.js';

/** inet:setopts/2, option {exit_on_close, Boolean}, set after the socket exists. */
const section = 'inet:setopts/2, option {exit_on_close, Boolean}';
const quote =
  'This option is set to true by default. The only reason to set it to false is if you want to continue sending data to the socket after a close is detected, for example, if the peer uses gen_tcp:shutdown/2 to shut down the write side.';

export default [
  scenario(
    'options.exit-on-close-setopts',
    {
      title: 'exit_on_close: the default closes the socket on the peer\'s FIN; false set by setopts keeps it open',
      section,
      quote,
      rationale:
        'with the default true, once {tcp_closed,S} arrives inet has closed the socket (send {error,closed}, the peer sees the close) while socket still sends; after setopts {exit_on_close,false} on another connection, send after the FIN still reaches the peer',
    },
    (b) => {
      const { client, server, L, C: C1, S: S1 } = b.connectedPair({
        connect: ['binary', ['active', true]],
        names: { connect: 'C1', accept: 'S1' },
      });
      client.getopts(C1, ['exit_on_close']);
      server.halfClose(S1);
      b.await(client, until.closed(C1), 1000);
      client.send(C1, 'too late')
        .expect(['error', 'closed'], { backends: ['inet'] })
        .expect('ok', { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['27', '29'] })
        .note('inet closed the socket with the FIN');
      server.recv(S1, 0, 500)
        .expect(['error', 'closed'], { backends: ['inet'] })
        .expect(['ok', bin('too late')], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['27', '29'] })
        .note('only the OTP 25 socket backend sent it');

      const C2 = client.connect('C2', LOOPBACK, L.port, ['binary', ['active', true]]);
      const S2 = server.accept('S2', L, 2000);
      client.setopts(C2, [['exit_on_close', false]]);
      server.halfClose(S2);
      b.await(client, until.closed(C2), 1000);
      client.send(C2, 'still open');
      server.recv(S2, 10, 1000);
    },
  ),
];
