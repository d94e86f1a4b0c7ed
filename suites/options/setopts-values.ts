import type { TermIn } from '../../harness/scenario/schema.js';
import { LOOPBACK, scenario, type Actor, type Sock } from '../builder.js';

/**
 * inet:setopts/2 then inet:getopts/2: the value each option reads back as
 * after it was set, on a connected socket and on a listen socket, and what an
 * accepted socket inherits from its listen socket.
 */
const section = 'inet:setopts/2';
const quote = 'Sets one or more options for a socket. […] The following options are available: […]';

/** One setopts of [{Name, Value}] and a getopts of [Name] right after it. */
function roundTrip(a: Actor, s: Sock, name: string, value: TermIn): void {
  a.setopts(s, [[name, value]]);
  a.getopts(s, [name]);
}

/** Each option set to a value other than its default, in turn. */
const VALUES: Array<[string, TermIn]> = [
  ['mode', 'binary'],
  ['packet', 2],
  ['packet', 'line'],
  ['packet', 'raw'],
  ['packet_size', 100],
  ['header', 2],
  ['buffer', 100],
  ['exit_on_close', false],
  ['show_econnreset', true],
  ['send_timeout', 500],
  ['send_timeout_close', true],
  ['delay_send', true],
  ['nodelay', true],
  ['keepalive', true],
  ['reuseaddr', true],
  ['linger', [true, 5]],
  ['linger', [false, 5]],
  ['linger', [true, 0]],
  ['deliver', 'port'],
  ['deliver', 'term'],
  ['priority', 3],
  ['tos', 16],
  ['tos', 17],
  ['send_timeout', 'infinity'],
];

export default [
  scenario(
    'options.setopts-connected',
    {
      title: 'Each option set on a connected socket reads back with getopts',
      section,
      quote,
      rationale:
        'setopts returns ok and getopts then reports the new value of every option; packet raw reads back as 0 on inet and raw on socket, tos 17 reads back as 16 (the kernel masks the ECN bits), and socket names tos 16 lowdelay',
    },
    (b) => {
      const { client, C } = b.connectedPair({ listen: ['binary', ['active', false]], connect: [['active', false]] });
      client.setopts(C, ['binary']);
      client.getopts(C, ['mode']);
      client.setopts(C, ['list']);
      client.getopts(C, ['mode']);
      for (const [name, value] of VALUES) roundTrip(client, C, name, value);
    },
  ),
  scenario(
    'options.setopts-listen',
    {
      title: 'Each option set on a listen socket reads back with getopts',
      section,
      quote,
      rationale: 'a listen socket takes and reports the same options as a connected one, send_timeout and linger included',
    },
    (b) => {
      const server = b.subject('server');
      const L = server.listen('L', 0, [['active', false]]);
      for (const [name, value] of VALUES) roundTrip(server, L, name, value);
      roundTrip(server, L, 'active', 'once');
      roundTrip(server, L, 'active', 3);
    },
  ),
  scenario(
    'options.accept-inherits',
    {
      title: 'A socket accepted from a listen socket inherits the options the listen socket had at the time',
      section: 'gen_tcp:accept/1, inet:setopts/2',
      quote:
        'A connected socket returned from gen_tcp:accept/1 inherits the show_econnreset setting from the listening socket.',
      rationale:
        'the accepted socket reports every option given to listen (mode, packet, header, linger, timeouts, flags, deliver); options set on the listen socket after the accept do not reach it',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const L = server.listen('L', 0, [
        'binary',
        ['active', false],
        ['packet', 2],
        ['packet_size', 1000],
        ['header', 1],
        ['buffer', 4000],
        ['exit_on_close', false],
        ['show_econnreset', true],
        ['send_timeout', 700],
        ['send_timeout_close', true],
        ['delay_send', true],
        ['nodelay', true],
        ['keepalive', true],
        ['linger', [true, 5]],
        ['deliver', 'port'],
        ['priority', 3],
      ]);
      const names = [
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
        'linger',
        'deliver',
        'priority',
      ];
      client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]]);
      const S = server.accept('S', L, 2000);
      server.getopts(S, names);
      server.setopts(L, ['list', ['packet', 0], ['nodelay', false], ['linger', [false, 0]], ['send_timeout', 'infinity']]);
      server.getopts(S, ['mode', 'packet', 'nodelay', 'linger', 'send_timeout'])
        .expect(['ok', { list: [['mode', 'binary'], ['packet', 2], ['nodelay', 'true'], ['linger', ['true', 5]], ['send_timeout', 700]] }])
        .note('unchanged: options are copied at accept');
      client.connect('C2', LOOPBACK, L.port, ['binary', ['active', false]]);
      const S2 = server.accept('S2', L, 2000);
      server.getopts(S2, ['mode', 'packet', 'nodelay', 'linger', 'send_timeout'])
        .expect(['ok', { list: [['mode', 'list'], ['packet', 0], ['nodelay', 'false'], ['linger', ['false', 5]], ['send_timeout', 'infinity']] }])
        .note('the next accept sees the new values');
    },
  ),
];
