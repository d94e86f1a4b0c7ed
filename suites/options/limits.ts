import { LOOPBACK, scenario } from '../builder.js';
import { passivePair } from './passive-pair.js';

/**
 * The bounds gen_tcp enforces on buffer, packet_size and the watermarks: what a
 * value at or past a bound does in setopts and at creation. The option types
 * are gen_tcp's (connect_option()/listen_option(): {buffer, integer() >= 0},
 * {packet_size, integer() >= 0}, {high_watermark, integer() >= 0},
 * {high_msgq_watermark, integer() >= 1}); the checks are prim_inet's
 * (type_opt/2) and inet_drv's inet_set_opts for inet, gen_tcp_socket's for socket.
 * OTP's inet_sockopt_SUITE checks values read back after setopts the same way.
 */

export default [
  // OTP: erts/emulator/drivers/common/inet_drv.c inet_set_opts, INET_LOPT_BUFFER (a value below INET_MIN_BUFFER is raised to it); gen_tcp_socket refuses it.
  scenario(
    'options.buffer-below-one',
    {
      title: '{buffer,0} and {buffer,-1}: inet raises them to 1, socket refuses them',
      section: 'inet:setopts/2, option {buffer, Size}',
      quote: 'The size of the user-level buffer used by the driver. Not to be confused with options sndbuf and recbuf, which correspond to the Kernel socket buffers.',
      rationale:
        'setopts {buffer,0} or {buffer,-1} returns ok on inet and the buffer reads back as 1; socket returns an error (OTP 25: {error,{invalid,{socket_option,{otp,rcvbuf},0}}}, 27 and 29: {error,einval}) and keeps the old size; {buffer,1} is taken by both; listen with {buffer,0} succeeds on inet and fails as setopts does on socket (from inet_drv inet_set_opts INET_LOPT_BUFFER: "if (ival < INET_MIN_BUFFER) ival = INET_MIN_BUFFER")',
    },
    (b) => {
      const { client, C } = passivePair(b);
      client.setopts(C, [['buffer', 1000]]);
      client.setopts(C, [['buffer', 0]]);
      client.getopts(C, ['buffer']);
      client.setopts(C, [['buffer', 1000]]);
      client.setopts(C, [['buffer', -1]]);
      client.getopts(C, ['buffer']);
      client.setopts(C, [['buffer', 1]]);
      client.getopts(C, ['buffer']);
      client.listen('L0', 0, ['binary', ['active', false], ['buffer', 0]]);
    },
  ),
  // OTP: prim_inet.erl type_opt_1(packet_size) -> uint and gen_tcp's {packet_size, integer() >= 0}.
  scenario(
    'options.packet-size-bounds',
    {
      title: 'packet_size 0, 2^31-1 and 64 MiB + 1 read back as set; -1 at creation exits badarg',
      section: 'inet:setopts/2, option {packet_size, Integer}',
      quote:
        'Sets the maximum allowed length of the packet body. If the packet header indicates that the length of the packet is longer than the maximum allowed length, the packet is considered invalid.',
      rationale:
        'packet_size takes any value from 0 (no limit) to 2147483647 and reads it back unchanged, above the 64 MiB inet packet limit too; listen and connect with {packet_size,-1} exit badarg on both backends (from prim_inet type_opt_1(packet_size) -> uint)',
    },
    (b) => {
      const { client, C, L } = passivePair(b);
      client.getopts(C, ['packet_size']).note('the default');
      for (const v of [0, 2147483647, 67108865, 100, 0]) {
        client.setopts(C, [['packet_size', v]]);
        client.getopts(C, ['packet_size']);
      }
      client.listen('Lneg', 0, [['packet_size', -1]]);
      client.connect('Cneg', LOOPBACK, L.port, [['packet_size', -1]]);
    },
  ),
  // OTP: prim_inet.erl type_opt_1(packet_size) -> uint: a negative value is not a uint32 ({error,einval} from setopts).
  scenario(
    'options.packet-size-negative-setopts',
    {
      title: 'setopts {packet_size,-1} on inet is {error,einval} and keeps the old value',
      section: 'inet:setopts/2, option {packet_size, Integer}',
      quote: 'Sets the maximum allowed length of the packet body.',
      rationale:
        'on inet a negative packet_size is refused by setopts with {error,einval}, as at creation, and the value stays; inet only: the socket backend takes -1 in setopts and reads it back, though listen and connect refuse it (an inconsistency of gen_tcp_socket, not copied) (from prim_inet type_opt_1(packet_size) -> uint)',
      only: { backends: ['inet'] },
    },
    (b) => {
      const { client, C } = passivePair(b);
      client.setopts(C, [['packet_size', 100]]);
      client.setopts(C, [['packet_size', -1]]);
      client.getopts(C, ['packet_size']);
    },
  ),
  // OTP: inet_drv.c inet_set_opts, INET_LOPT_TCP_HIWTRMRK and INET_LOPT_TCP_MSGQ_HIWTRMRK (the busy message queue limits).
  scenario(
    'options.watermark-bounds',
    {
      title: 'high_watermark and high_msgq_watermark at their bounds',
      section: 'inet:setopts/2, options {high_watermark, Size}, {high_msgq_watermark, Size}',
      quote:
        '{high_msgq_watermark, Size}: The socket message queue is set to a busy state when the amount of data on the message queue reaches this limit. […] Defaults to 8 kB. […] {high_watermark, Size} (TCP/IP sockets): The socket is set to a busy state when the amount of data queued internally by the ERTS socket implementation reaches this limit. Defaults to 8 kB.',
      rationale:
        'inet: {high_watermark,0} and {high_watermark,-1} are ok and read back 0, 2147483647 reads back as set; {high_msgq_watermark,0} and -1 are {error,einval} and keep 8192, 2147483648 is capped to 2147483647; socket takes every one of them with ok and reports none (from inet_drv busy-limit handling)',
    },
    (b) => {
      const { client, C } = passivePair(b);
      for (const v of [0, -1, 2147483647, 8192]) {
        client.setopts(C, [['high_watermark', v]]);
        client.getopts(C, ['high_watermark']);
      }
      for (const v of [0, -1, 2147483648]) {
        client.setopts(C, [['high_msgq_watermark', v]]);
        client.getopts(C, ['high_msgq_watermark']);
      }
    },
  ),
];
