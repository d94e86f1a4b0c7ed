import { scenario, type Opts } from '../builder.js';

const section = 'gen_tcp:recv/2,3';
const quote =
  'Argument Length is only meaningful when the socket is in raw mode and denotes the number of bytes to read. If Length is 0, all available bytes are returned. If Length > 0, exactly Length bytes are returned, or an error';

/** Both ends binary and passive. */
const PASSIVE: Opts = ['binary', ['active', false]];

export default [
  // OTP: erts/emulator/drivers/common/inet_drv.c, tcp_inet_ctl TCP_REQ_RECV: "if (n > TCP_MAX_PACKET_SIZE) return ctl_error(ENOMEM, ...)" (TCP_MAX_PACKET_SIZE = 64 MiB).
  scenario(
    'send-recv.recv-length-above-64mib',
    {
      title: 'recv with a length above 64 MiB: inet answers {error,enomem} at once, socket waits for the bytes',
      section,
      quote,
      rationale:
        'with 5 bytes buffered, recv(S, 64 MiB + 1) is {error,enomem} on inet without waiting and takes nothing; socket has no such limit and times out; recv(S, 64 MiB) times out on both; the 5 bytes are still there for recv(S, 0) (from inet_drv TCP_REQ_RECV, TCP_MAX_PACKET_SIZE)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PASSIVE, connect: PASSIVE });
      server.send(S, 'hello');
      b.wait(50);
      client.recv(C, 67108865, 300).note('inet {error,enomem}; socket {error,timeout}');
      client.recv(C, 67108864, 300).note('the limit itself is allowed: {error,timeout}');
      client.recv(C, 0, 500).note('the buffered bytes were kept');
    },
  ),
];
