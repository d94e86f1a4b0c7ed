import { scenario } from '../builder.js';

const section = 'gen_tcp:recv/3';
const quote =
  'If Length > 0, exactly Length bytes are returned, or an error; possibly discarding less than Length bytes of data when the socket is closed from the other side.';

export default [
  scenario(
    'econnreset.passive-show',
    {
      title: 'Passive socket with show_econnreset: exact-length recv after an RST',
      section,
      quote,
      rationale:
        'with show_econnreset, a recv the buffered bytes can satisfy returns them; one they cannot returns {error,econnreset} and the short remainder is discarded',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', false], ['show_econnreset', true]],
      });
      server.send(S, 'hello');
      server.reset(S);
      b.wait(200);
      client.recv(C, 3, 1000);
      client.recv(C, 10, 1000).expect(['error', 'econnreset']).note('2 bytes buffered, 10 wanted: the error, not the 2 bytes');
      client.recv(C, 0, 1000)
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] });
      client.send(C, 'too late')
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'] });
    },
  ),
];
