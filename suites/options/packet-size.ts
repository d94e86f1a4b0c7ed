import { bin, scenario, until } from '../builder.js';

/** inet:setopts/2, option {packet_size, Integer}. */
const section = 'inet:setopts/2, option {packet_size, Integer}';
const quote =
  'Sets the maximum allowed length of the packet body. If the packet header indicates that the length of the packet is longer than the maximum allowed length, the packet is considered invalid.';

export default [
  scenario(
    'options.packet-size-passive',
    {
      title: 'A {packet,2} packet longer than packet_size fails recv with emsgsize',
      section,
      quote,
      rationale:
        'with {packet_size,10} a 10-byte body is returned, an 11-byte one gives {error,emsgsize}; afterwards inet reports the socket unusable (enotconn) while socket repeats emsgsize',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['packet', 2], ['packet_size', 10], ['active', false]],
      });
      client.getopts(C, ['packet_size']);
      server.send(S, { bin: '\x00\x0a0123456789' });
      client.recv(C, 0, 1000).expect(['ok', bin('0123456789')]).note('exactly packet_size: accepted');
      server.send(S, { bin: '\x00\x0bhello world' });
      client.recv(C, 0, 1000);
      client.recv(C, 0, 300)
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'emsgsize'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'timeout'], { backends: ['socket'], otp: ['27', '29'] })
        .note('the invalid packet is not skipped');
    },
  ),
  scenario(
    'options.packet-size-active',
    {
      title: 'An active {packet,2} socket receives a packet longer than packet_size',
      section,
      quote,
      rationale:
        'the valid packet before it is delivered, then {tcp_error,S,emsgsize}; inet follows it with {tcp_closed,S} and closes the socket, socket leaves it open and passive',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['packet', 2], ['packet_size', 10], ['active', true]],
      });
      server.send(S, { bin: '\x00\x05hello' });
      b.await(client, until.data(C, 5), 1000);
      server.send(S, { bin: '\x00\x0bhello world' });
      b.await(client, until.error(C, 'emsgsize'), 1000);
      b.wait(100);
      client.getopts(C, ['active', 'packet_size'])
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(['ok', { list: [['active', 'false'], ['packet_size', 10]] }], { backends: ['socket'] })
        .note('inet closed the socket; socket keeps it open, now passive');
    },
  ),
];
