import { bin, scenario } from '../builder.js';

const section = 'gen_tcp:recv/2,3';

export default [
  scenario(
    'close-delivery.recv-data-then-closed',
    {
      title: 'Passive: the peer sends and closes; recv(S,0) returns the data, then {error,closed}, then what a later recv gets',
      section,
      quote: 'Receives a packet from a socket in passive mode. A closed socket is indicated by return value {error, closed}.',
      rationale:
        'with data and FIN both waiting, recv(S,0) returns all the data first and only the next recv {error,closed}; later recv/send give the backend\'s after-close results',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      server.sendSplits(S, ['alpha|', 'beta|', 'gamma'], 10);
      server.close(S);
      b.wait(100);
      client.recv(C, 0, 1000).expect(['ok', bin('alpha|beta|gamma')]).note('all three chunks at once, before any sign of the close');
      client.recv(C, 0, 1000).expect(['error', 'closed']).note('then the close');
      client.recv(C, 0, 1000)
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('after the first {error,closed}');
      client.send(C, 'after close')
        .expect(['error', 'closed'], { backends: ['inet'] })
        .expect('ok', { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['27', '29'] });
      client.close(C);
    },
  ),
  scenario(
    'close-delivery.recv-blocked-short-then-closed',
    {
      title: 'A recv(S,10) blocked on 5 bytes is ended by the peer\'s close with {error,closed}; activating afterwards',
      section,
      quote:
        'If Length > 0, exactly Length bytes are returned, or an error; possibly discarding less than Length bytes of data when the socket is closed from the other side.',
      rationale:
        'a blocked recv(S,10) is woken by the peer\'s close with {error,closed} (not left to its timeout, not {ok,<<"12345">>}); the 5 bytes are gone, and inet still sends {tcp_closed,S} on activation',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      client.recv(C, 10, 3000).nowait('blocked');
      server.send(S, '12345');
      b.wait(100);
      server.close(S);
      b.join(['blocked'], 1000);
      client.recv(C, 0, 500)
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('the 5 bytes are not returned');
      client.setopts(C, [['active', true]])
        .expect('ok', { backends: ['inet'] })
        .expect(['error', 'einval'], { backends: ['socket'] })
        .note('inet also sends {tcp_closed,C}');
      b.wait(100);
    },
  ),
];
