import { bin, scenario, until } from '../builder.js';

const section = 'inet:setopts/2, option {exit_on_close, Boolean}; gen_tcp:shutdown/2';
const quote =
  'The only reason to set it to false is if you want to continue sending data to the socket after a close is detected, for example, if the peer uses gen_tcp:shutdown/2 to shut down the write side. […] Option {exit_on_close, false} is useful if the peer has done a shutdown on the write side.';

export default [
  scenario(
    'close-delivery.half-close-exit-on-close-false',
    {
      title: '{exit_on_close,false}: after the peer half-closes, the subject still sends and the peer reads it',
      section,
      quote,
      rationale:
        'with exit_on_close false, {tcp_closed,S} reports the peer\'s FIN but the socket stays open: send works, the peer reads the reply, and the peer sees a close only when the subject closes',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', true], ['exit_on_close', false]],
      });
      server.send(S, 'request');
      server.halfClose(S);
      b.await(client, until.closed(C), 1000);
      client.send(C, 'reply, part 1');
      server.recv(S, 0, 1000).expect(['ok', bin('reply, part 1')]).note('the reply arrives: the subject did not close on the FIN');
      client.setopts(C, [['active', false]])
        .expect('ok', { backends: ['inet'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['25'] })
        .expect('ok', { backends: ['socket'], otp: ['27', '29'] })
        .note('the socket is still open');
      client.recv(C, 0, 500).expect(['error', 'closed']).note('the read side stays closed');
      client.send(C, 'reply, part 2');
      server.recv(S, 0, 1000);
      client.close(C);
      server.recv(S, 0, 1000).expect(['error', 'closed']).note('only now does the peer see the close');
    },
  ),
];
