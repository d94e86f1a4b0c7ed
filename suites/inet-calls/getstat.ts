import { LOOPBACK, fill, list, raises, scenario, type Arg } from '../builder.js';

const section = 'inet:getstat/1,2';
const quote =
  'getstat(Socket) is equivalent to getstat(Socket, [recv_avg, recv_cnt, recv_dvi, recv_max, recv_oct, send_avg, send_cnt, send_pend, send_max, send_oct]).';

export default [
  scenario(
    'inet-calls.getstat-counters',
    {
      title: 'getstat byte and packet counters after known sends and recvs',
      section,
      quote,
      rationale: 'send_oct/send_cnt/send_max count exactly the bytes and sends made; recv_oct counts exactly the bytes received',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      const zero = (names: string[]): Arg => ['ok', list(...names.map((n): Arg => [n, 0]))];
      client
        .getstat(C, ['recv_oct', 'recv_cnt', 'send_oct', 'send_cnt', 'send_max', 'send_pend'])
        .expect(zero(['recv_oct', 'recv_cnt', 'send_oct', 'send_cnt', 'send_max', 'send_pend']), { backends: ['inet'] })
        .expect(zero(['recv_oct', 'recv_cnt', 'send_oct', 'send_cnt', 'send_max', 'send_pend']), { backends: ['socket'], otp: ['25'] })
        .expect(zero(['recv_oct', 'recv_cnt', 'send_oct', 'send_cnt', 'send_max']), { backends: ['socket'], otp: ['27', '29'] })
        .note('a fresh socket: every counter is 0 (the socket backend of OTP 27 and 29 leaves send_pend out)');
      client.send(C, fill(100));
      client.send(C, fill(300));
      client.send(C, fill(200));
      server.recv(S, 600, 1000);
      client.getstat(C, ['send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend']);
      server.send(S, fill(1000));
      b.wait(50);
      client.recv(C, 1000, 1000);
      client.getstat(C, ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg']);
    },
  ),
  scenario(
    'inet-calls.getstat-all',
    {
      title: 'getstat/1 returns every statistic',
      section,
      quote,
      rationale: 'getstat/1 returns the ten statistics in a fixed order on fresh listen and connected sockets',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const CL = client.listen('CL', 0, ['binary', ['active', false]]);
      client.getstat(CL);
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 1000);
      client.getstat(C);
      client.send(C, fill(10));
      client.getstat(C).shape();
    },
  ),
  scenario(
    'inet-calls.getstat-names',
    {
      title: 'getstat/2 with an empty list, a repeated name and a non-list',
      section,
      quote: 'getstat(Socket, Options) -> {ok, OptionValues} | {error, posix()}',
      rationale: 'getstat/2 answers in the order asked (repeats included), [] gives {ok,[]}, and a bare atom raises function_clause',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 1000);
      client.send(C, 'hello');
      client.getstat(C, []);
      client.getstat(C, ['send_oct', 'recv_oct', 'send_oct']);
      client.getstat(C, 'send_oct').expect(raises('error', 'function_clause')).note('not a list');
      client.getstat(C, ['send_oct']).expect(['ok', { list: [['send_oct', 5]] }]).note('the socket still works');
    },
  ),
  scenario(
    'inet-calls.getstat-unknown-name',
    {
      title: 'getstat/2 with unknown statistic names',
      section,
      quote: 'getstat(Socket, Options) -> {ok, OptionValues} | {error, posix()}',
      rationale: 'an unknown statistic name, alone or after a known one, gives {error,einval} and leaves the socket usable',
      // On the socket backend (OTP 25) an unknown name crashes the socket's gen_statem: the call
      // exits with a stacktrace that cannot be compared, and the socket is closed.
      only: { backends: ['inet'] },
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.getstat(C, ['no_such_stat']);
      client.getstat(C, ['send_oct', 'bogus']);
      client.getstat(C, [['send_oct']]).expect(['error', 'einval']).note('a tuple, not a name');
      client.send(C, 'still ok');
      server.recv(S, 8, 1000);
      client.getstat(C, ['send_oct']);
    },
  ),
  scenario(
    'inet-calls.getstat-closed',
    {
      title: 'getstat on a closed socket',
      section,
      quote: 'getstat(Socket, Options) -> {ok, OptionValues} | {error, posix()}',
      rationale: 'after close, getstat/1 and getstat/2 return the backend\'s error',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 1000);
      client.close(C);
      client.getstat(C);
      client.getstat(C, ['send_oct']);
    },
  ),
];
