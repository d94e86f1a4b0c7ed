import { bin, fill, scenario, until } from '../builder.js';

/** inet:setopts/2, options {buffer, Size}, {recbuf, Size} and {sndbuf, Size}. */
const section = 'inet:setopts/2, options {buffer, Size}, {recbuf, Size}, {sndbuf, Size}';

export default [
  scenario(
    'options.buffer-limits-delivery',
    {
      title: '{buffer, N} caps what one recv(S, 0) or one active message returns',
      section,
      quote:
        'Note that this is also the maximum amount of data that can be received from a single recv call. If you are using higher than normal MTU consider setting buffer higher.',
      rationale:
        'with {buffer,10} and 50 bytes waiting, recv(S,0) returns the first 10 bytes, recv(S,30) still returns exactly 30, and an {active,once} message carries at most 10 bytes',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connect: ['binary', ['buffer', 10], ['active', false]] });
      server.send(S, '0123456789abcdefghijABCDEFGHIJ0123456789abcdefghij');
      b.wait(50);
      client.recv(C, 0, 1000).expect(['ok', bin('0123456789')]).note('10 bytes: the buffer size');
      client.recv(C, 30, 1000).expect(['ok', bin('abcdefghijABCDEFGHIJ0123456789')]).note('an exact length is not capped');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.count(1), 1000);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('abcdefghij')]] }).note('one message of 10 bytes: the last 10');
      client.setopts(C, [['buffer', 3]]);
      server.send(S, 'xyzw');
      b.wait(50);
      client.recv(C, 0, 1000).expect(['ok', bin('xyz')]).note('the new size applies at once');
      client.recv(C, 0, 1000);
    },
  ),
  scenario(
    'options.recbuf-raises-buffer',
    {
      title: 'Setting recbuf raises the user-level buffer on inet, never lowers it, and stops once buffer was set',
      section,
      quote:
        'val(buffer) is automatically set to the above maximum when recbuf is set. However, as the size set for recbuf usually become larger, you are encouraged to use getopts/2 to analyze the behavior of your operating system.',
      rationale:
        'inet: {recbuf,50000} makes buffer 50000, a smaller recbuf later leaves it, sndbuf does not touch it, and after an explicit buffer recbuf no longer changes it; socket: buffer keeps its own value; recbuf and sndbuf read back as kernel sizes (shape only)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connect: ['binary', ['recbuf', 50000], ['active', false]] });
      client.getopts(C, ['buffer']);
      client.getopts(C, ['recbuf']).shape();
      client.setopts(C, [['recbuf', 4000]]);
      client.getopts(C, ['buffer'])
        .expect(['ok', { list: [['buffer', 50000]] }], { backends: ['inet'] })
        .expect(['ok', { list: [['buffer', 8192]] }], { backends: ['socket'] })
        .note('not lowered');
      client.setopts(C, [['sndbuf', 100000]]);
      client.getopts(C, ['sndbuf']).shape().note('a kernel size');
      client.getopts(C, ['buffer']);
      client.setopts(C, [['recbuf', 70000]]);
      client.getopts(C, ['buffer'])
        .expect(['ok', { list: [['buffer', 70000]] }], { backends: ['inet'] })
        .expect(['ok', { list: [['buffer', 8192]] }], { backends: ['socket'] })
        .note('raised again');
      client.setopts(C, [['buffer', 2000]]);
      client.setopts(C, [['recbuf', 90000]]);
      client.getopts(C, ['buffer']).expect(['ok', { list: [['buffer', 2000]] }]).note('an explicit buffer is kept');
      server.send(S, fill(3000));
      client.recv(C, 3000, 1000).shape().expect(['ok', bin('')]).note('the socket still works with the small buffer');
    },
  ),
];
