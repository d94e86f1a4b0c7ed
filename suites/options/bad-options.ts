import { LOOPBACK, raises, scenario, type Arg } from '../builder.js';

/**
 * Bad option values: gen_tcp:listen/2 and gen_tcp:connect/3,4 exit with
 * badarg, inet:setopts/2 returns {error, einval}, and a few out-of-range
 * values are accepted as they are.
 */
const listenSection = 'gen_tcp:listen/2, gen_tcp:connect/3,4, inet:setopts/2';

/** Values every backend refuses when a socket is created. */
const REFUSED: Arg[] = [
  ['active', 'maybe'],
  ['active', 32768],
  ['packet', 3],
  ['mode', 'foo'],
  'foo',
  ['foo', 'bar'],
  ['nodelay', 1],
  ['keepalive', 1],
  ['reuseaddr', 1],
  ['delay_send', 1],
  ['exit_on_close', 1],
  ['show_econnreset', 1],
  ['send_timeout_close', 1],
  ['send_timeout', -1],
  ['send_timeout', 'foo'],
  ['header', -1],
  ['packet_size', -1],
  ['deliver', 'x'],
  ['linger', true],
  ['linger', ['yes', 1]],
  ['tos', 'foo'],
  ['priority', 'foo'],
];

const name = (prefix: string, i: number): string => `${prefix}${i}`;

export default [
  scenario(
    'options.bad-listen',
    {
      title: 'listen with a bad option value exits with badarg',
      section: 'gen_tcp:listen/2',
      quote: 'Sets up a socket to listen on port Port on the local host. […] Options = [inet:inet_backend() | listen_option()]',
      rationale:
        'listen exits badarg for a bad value of any option; an odd buffer or linger value is taken by inet and refused by socket with {error,Reason}',
    },
    (b) => {
      const server = b.subject('server');
      REFUSED.forEach((o, i) => server.listen(name('L', i), 0, [o]));
      server.listen('Lbuf0', 0, [['buffer', 0]])
        .expect(['ok', { sock: 'Lbuf0' }], { backends: ['inet'] })
        .expect(['error', ['invalid', ['socket_option', ['otp', 'rcvbuf'], 0]]], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] });
      server.listen('Llinger', 0, [['linger', [true, -1]]])
        .expect(['ok', { sock: 'Llinger' }], { backends: ['inet'] })
        .expect(['error', ['invalid', ['socket_option', ['socket', 'linger'], { map: [['linger', -1], ['onoff', 'true']] }]]], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] });
    },
  ),
  scenario(
    'options.bad-connect',
    {
      title: 'connect with a bad option value exits with badarg before connecting',
      section: 'gen_tcp:connect/3,4',
      quote: 'Connects to a server on TCP port Port on the host with IP address Address. […] Opts = [inet:inet_backend() | connect_option()]',
      rationale: 'connect exits badarg for a bad value of any option, and the listener sees no connection attempt',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      REFUSED.forEach((o, i) => client.connect(name('C', i), LOOPBACK, L.port, [o], 1000));
      server.accept('S', L, 200).expect(['error', 'timeout']).note('no bad connect reached the listener');
      client.connect('Cbuf0', LOOPBACK, L.port, [['buffer', 0]], 1000)
        .expect(['ok', { sock: 'Cbuf0' }], { backends: ['inet'] })
        .expect(['error', ['invalid', ['socket_option', ['otp', 'rcvbuf'], 0]]], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] });
    },
  ),
  scenario(
    'options.bad-setopts',
    {
      title: 'setopts with a bad option value returns {error, einval} and changes nothing (inet)',
      section: 'inet:setopts/2',
      quote: 'setopts(Socket, Options) -> ok | {error, posix()} […] Sets one or more options for a socket.',
      rationale:
        'inet: every bad value gives {error,einval} (but {buffer,-1} is taken), a list with one bad option changes none of them, a non-list raises; socket: some bad values give einval or {invalid,...}, others are stored as given, and good options before a bad one are applied',
    },
    (b) => {
      const { client, C } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      for (const o of [
        ['active', 'maybe'],
        ['active', 32768],
        ['packet', 3],
        ['foo', 'bar'],
        ['nodelay', 1],
        ['keepalive', 'yes'],
        ['linger', true],
        ['linger', ['yes', 1]],
        ['buffer', -1],
      ] as Arg[])
        client.setopts(C, [o]);
      client.getopts(C, ['buffer'])
        .expect(['ok', { list: [['buffer', 1]] }], { backends: ['inet'] })
        .expect(['ok', { list: [['buffer', 8192]] }], { backends: ['socket'] })
        .note('inet takes {buffer,-1}; socket refuses it');
      client.setopts(C, [['packet', 2], ['active', 'maybe']]).expect(['error', 'einval']);
      client.getopts(C, ['packet', 'active'])
        .expect(['ok', { list: [['packet', 0], ['active', 'false']] }], { backends: ['inet'] })
        .expect(['ok', { list: [['packet', 2], ['active', 'false']] }], { backends: ['socket'] })
        .note('inet: unchanged; socket: packet 2 was applied');
      client.setopts(C, [['keepalive', true], ['port', 1]]);
      client.getopts(C, ['keepalive'])
        .expect(['ok', { list: [['keepalive', 'false']] }], { backends: ['inet'] })
        .expect(['ok', { list: [['keepalive', 'true']] }], { backends: ['socket'] })
        .note('inet: unchanged; socket: applied');
      client.setopts(C, 'binary')
        .expect(raises('error', ['bad_generator', 'binary']), { backends: ['inet'] })
        .expect(raises('error', 'function_clause'), { backends: ['socket'] })
        .note('not a list');
      client.setopts(C, [['nodelay', true], 'foo'])
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('exit', 'badarg'), { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('a bare unknown atom');
      client.getopts(C, ['nodelay']);
      for (const o of [
        ['send_timeout', -1],
        ['header', -1],
        ['packet_size', -1],
        ['exit_on_close', 1],
        ['deliver', 'x'],
        ['mode', 'foo'],
      ] as Arg[])
        client.setopts(C, [o]);
      client.getopts(C, ['send_timeout', 'header', 'packet_size', 'exit_on_close', 'deliver', 'mode'])
        .expect(['ok', { list: [['send_timeout', 'infinity'], ['header', 0], ['packet_size', 0], ['exit_on_close', 'true'], ['deliver', 'term'], ['mode', 'binary']] }], { backends: ['inet'] })
        .expect(['ok', { list: [['send_timeout', -1], ['header', -1], ['packet_size', -1], ['exit_on_close', 1], ['deliver', 'x'], ['mode', 'foo']] }], { backends: ['socket'] })
        .note('inet: all unchanged; socket: stored as given');
    },
  ),
  scenario(
    'options.creation-only-setopts',
    {
      title: 'Options that only make sense when a socket is created, given to setopts',
      section: 'inet:setopts/2',
      quote: 'This option must be used in a function call that creates a socket, that is, gen_tcp:connect/3,4, gen_tcp:listen/2, gen_udp:open/1,2 or gen_sctp:open/0,1,2',
      rationale:
        'inet refuses ip, port, ifaddr, backlog, inet, inet6 and tcp_module in setopts with {error,einval} on connected and listen sockets; socket refuses port and ifaddr but returns ok for ip, backlog, inet, inet6 and tcp_module; the socket is unchanged either way',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ names: { listen: 'PL' } });
      const L = client.listen('L', 0, ['binary', ['active', false]]);
      const creation: Arg[] = [['ip', LOOPBACK], ['port', 0], ['ifaddr', LOOPBACK], ['backlog', 5], 'inet', 'inet6', ['tcp_module', 'inet_tcp']];
      for (const o of creation) client.setopts(C, [o]);
      for (const o of [['ip', LOOPBACK], ['port', 0], ['backlog', 5], 'inet6'] as Arg[]) client.setopts(L, [o]);
      client.getopts(C, ['ip', 'port', 'backlog']).expect(['error', 'einval']).note('not readable either');
      client.send(C, 'still connected');
      server.recv(S, 15, 1000);
      client.peername(C).expect(['ok', [[127, 0, 0, 1], { portOf: 'PL' }]]).note('the connection is the same one');
    },
  ),
  scenario(
    'options.inet-backend-placement',
    {
      title: '{inet_backend, B} is only accepted as the first option',
      section: 'gen_tcp, note on inet_backend',
      quote:
        'Functions that create sockets can take an optional option; {inet_backend, Backend} that, if specified, has to be the first option. This selects the implementation backend towards the platform\'s socket API.',
      rationale:
        'listen and connect exit badarg when {inet_backend,_} comes after the first option (the runner puts the real one first), even when it repeats the same backend; setopts and getopts do not know the option ({error,einval})',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      client.listen('L1', 0, ['binary', ['inet_backend', 'inet']]);
      client.listen('L2', 0, ['binary', ['inet_backend', 'socket']]);
      client.listen('L3', 0, [['inet_backend', 'inet']])
        .expect(raises('exit', 'badarg'))
        .note('right after the first {inet_backend,_}: still not first');
      client.connect('C1', LOOPBACK, L.port, ['binary', ['inet_backend', 'inet']], 1000);
      client.connect('C2', LOOPBACK, L.port, [['inet_backend', 'socket'], 'binary'], 1000);
      const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 1000);
      server.accept('S', L, 1000).expect(['ok', { sock: 'S' }]).note('only the good connect arrives');
      client.setopts(C, [['inet_backend', 'inet']]);
      client.setopts(C, [['inet_backend', 'socket']]);
      client.getopts(C, ['inet_backend']);
    },
  ),
];
