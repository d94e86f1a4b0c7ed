import { bin, raises, scenario } from '../builder.js';

/**
 * recv/3 called with arguments outside its types: gen_tcp's guards (is_integer(Length),
 * Length >= 0, a timeout()) have no clause for them. Values from OTP 25, 27 and 29, both backends.
 */
const section = 'gen_tcp:recv/2,3';
const quote = 'recv(Socket, Length, Timeout) -> {ok, Packet} | {error, Reason} […] Socket = socket() Length = integer() >= 0 Timeout = timeout()';

export default [
  scenario(
    'send-recv.recv-length-negative',
    {
      title: 'recv with a negative Length',
      section,
      quote,
      rationale: 'recv(S,-1,T) has no clause: error:function_clause (the OTP 25 socket backend takes it and times out); the socket works on',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair();
      client.recv(C, -1, 100)
        .expect(raises('error', 'function_clause'), { backends: ['inet'] })
        .expect(raises('error', 'function_clause'), { backends: ['socket'], otp: ['27', '29'] })
        .expect(['error', 'timeout'], { backends: ['socket'], otp: ['25'] });
      server.send(S, 'after');
      client.recv(C, 0, 1000).expect(['ok', bin('after')]);
    },
  ),
  scenario(
    'send-recv.recv-timeout-not-a-timeout',
    {
      title: 'recv with a Timeout that is not a timeout()',
      section,
      quote,
      rationale: 'recv(S,0,x) has no clause: error:function_clause; the socket works on (the OTP 25 socket backend crashes the socket instead: a registered divergence)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair();
      client.recv(C, 0, 'x')
        .expect(raises('error', 'function_clause'), { backends: ['inet'] })
        .expect(raises('error', 'function_clause'), { backends: ['socket'], otp: ['27', '29'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] });
      server.send(S, 'after');
      client.recv(C, 0, 1000)
        .expect(['ok', bin('after')], { backends: ['inet'] })
        .expect(['ok', bin('after')], { backends: ['socket'], otp: ['27', '29'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] });
    },
  ),
  scenario(
    'send-recv.recv-timeout-negative',
    {
      title: 'recv with a negative Timeout',
      section,
      quote,
      rationale: 'inet takes a negative timeout as infinity (the recv waits for data); the socket backend of OTP 27 and 29 raises function_clause (that of 25 crashes the socket: a registered divergence)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair();
      client.recv(C, 0, -1).nowait('negative')
        .expect(['ok', bin('late')], { backends: ['inet'] })
        .expect(raises('error', 'function_clause'), { backends: ['socket'], otp: ['27', '29'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] });
      b.wait(100);
      server.send(S, 'late');
      b.join(['negative'], 1000);
    },
  ),
  scenario(
    'send-recv.recv-not-a-socket',
    {
      title: 'recv on something that is not a socket',
      section,
      quote,
      rationale: 'recv(nope,0,T) matches no clause of gen_tcp:recv/3: error:function_clause on both backends',
    },
    (b) => {
      const client = b.subject('client');
      client.recv('nope', 0, 100).expect(raises('error', 'function_clause'));
    },
  ),
  scenario(
    'send-recv.send-deep-iodata',
    {
      title: 'send of iodata nested a million lists deep',
      section: 'gen_tcp:send/2',
      quote: 'send(Socket, Packet) -> ok | {error, Reason} […] Packet = iodata()',
      rationale: 'iodata() has no depth limit: a binary inside 5,000 or 1,000,000 one-element lists is sent as its bytes (a library walking it by recursion overflows its stack)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair();
      client.sendNested(C, 'deep', 5_000).expect('ok');
      client.sendNested(C, 'deeper', 1_000_000).expect('ok');
      server.recv(S, 10, 2000).expect(['ok', bin('deepdeeper')]);
    },
  ),
];
