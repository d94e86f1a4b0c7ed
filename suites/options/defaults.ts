import { LOOPBACK, scenario } from '../builder.js';

/**
 * inet:getopts/2 on fresh sockets: the value of every inet option before any
 * setopts, on a connected socket, a listen socket and an accepted socket.
 */
const section = 'inet:getopts/2';
const quote =
  'Gets one or more options for a socket. For a list of available inet options, see setopts/2. […] If the operating system fails to support an option, it is left out in the returned list.';

/** The options whose defaults are fixed by gen_tcp itself (not by the kernel). */
export const DEFAULTS = [
  'mode',
  'active',
  'packet',
  'packet_size',
  'header',
  'buffer',
  'exit_on_close',
  'show_econnreset',
  'send_timeout',
  'send_timeout_close',
  'delay_send',
  'nodelay',
  'keepalive',
  'reuseaddr',
  'linger',
  'high_watermark',
  'low_watermark',
  'tos',
  'priority',
  'deliver',
];

export default [
  scenario(
    'options.defaults-connect',
    {
      title: 'getopts of every option on a socket connected with no options',
      section,
      quote,
      rationale:
        'a connect socket starts in list mode, active, packet raw, no header, exit_on_close true, linger {false,0}, deliver term, every flag false, send_timeout infinity; each backend reports its own buffer, packet_size and watermark defaults',
    },
    (b) => {
      const { client, C } = b.connectedPair({ listen: ['binary', ['active', false]], connect: [] });
      client.getopts(C, DEFAULTS).note('inet reports high_watermark 8192/low 4096; socket leaves high_watermark out and reports low_watermark 1');
      client.getopts(C, ['recbuf', 'sndbuf']).shape().note('kernel sizes: only their presence is compared');
      client.getopts(C, ['line_delimiter'])
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(['ok', { list: [['line_delimiter', 10]] }], { backends: ['socket'] })
        .note('inet cannot read line_delimiter');
      client.getopts(C, []).expect(['ok', { list: [] }]).note('an empty request is an empty answer');
    },
  ),
  scenario(
    'options.defaults-listen-accept',
    {
      title: 'getopts of every option on a listen socket and on the socket it accepts',
      section,
      quote,
      rationale:
        'a listen socket made with no options and the socket it accepts report the same defaults as a connect socket (list, active, packet raw, linger {false,0}, ...)',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const L = server.listen('L', 0, [['active', false]]);
      server.getopts(L, DEFAULTS);
      server.getopts(L, ['recbuf', 'sndbuf']).shape();
      client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]]);
      const S = server.accept('S', L, 2000);
      server.getopts(S, DEFAULTS).note('active is false: inherited from the listen socket');
      server.getopts(S, ['recbuf', 'sndbuf']).shape();
    },
  ),
];
