import { bin, scenario } from '../builder.js';

const section = 'gen_tcp:recv/2,3';
const quote =
  'If Length > 0, exactly Length bytes are returned, or an error; possibly discarding less than Length bytes of data when the socket is closed from the other side. The optional Timeout parameter specifies a time-out in milliseconds.';

export default [
  scenario(
    'partial-packets.raw-recv-short-timeout-then-close',
    {
      title: 'raw recv(S,N): a timeout keeps the short data; a close while short discards it',
      section,
      quote,
      rationale:
        'recv(S,N,T) timing out with fewer than N bytes keeps them for the next recv, but a pending recv(S,N) with fewer than N bytes when the peer closes returns {error,closed} and the bytes are gone',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false], ['nodelay', true]] });
      server.send(S, bin('abcde'));
      client.recv(C, 8, 200).id('short-timeout');
      // The 5 kept bytes and 3 new ones make up the 8 asked for.
      client.recv(C, 8, 1000).nowait('completed');
      server.send(S, bin('fgh'));
      b.join(['completed'], 1500);
      server.send(S, bin('ijk'));
      client.recv(C, 10).nowait('short-close');
      b.wait(100);
      server.close(S);
      b.join(['short-close'], 1500);
      // "ijk" is not handed out later.
      client.recv(C, 0, 200).id('after');
    },
  ),
];
