import { LOOPBACK, PASSIVE_BINARY, raises, scenario, str, type Builder } from '../builder.js';

const section = 'gen_tcp:connect/3,4 and gen_tcp:listen/2: argument types';
const quote = 'port_number() = 0..65535';

const connectSection = 'gen_tcp:connect/3,4';
const connectQuote = 'connect(Address, Port, Opts) -> {ok, Socket} | {error, Reason} […] Address = inet:socket_address() | inet:hostname() Port = inet:port_number()';
const acceptSection = 'gen_tcp:accept/1,2';
const acceptQuote = 'accept(ListenSocket, Timeout) -> {ok, Socket} | {error, Reason} […] Timeout = timeout()';

/** The subject's server listening (L), and a peer client c to connect to it. */
function subjectListener(b: Builder) {
  const { server, c } = b.cast({ server: 'subject', c: 'peer' });
  return { server, c, L: server.listen('L', 0, PASSIVE_BINARY) };
}

export default [
  scenario(
    'connect-listen.connect-bad-args',
    {
      title: 'connect to port 0, with a malformed address, a bad option or a bad timeout',
      section,
      quote,
      rationale: 'connect rejects bad arguments by raising (badarg) or returning an error exactly as gen_tcp does, and the caller keeps working',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      client.connect('C1', LOOPBACK, 0, [], 500).expect(['error', 'econnrefused']).note('port 0: nobody can listen there');
      client.connect('C3', [127, 0, 0], L.port, [], 500)
        .expect(raises('exit', 'badarg'), { backends: ['inet'] })
        .expect(['error', 'einval'], { backends: ['socket'] })
        .note('a 3-tuple address');
      client.connect('C4', [256, 0, 0, 1], L.port, [], 500)
        .expect(raises('exit', 'badarg'), { backends: ['inet'] })
        .expect(['error', 'einval'], { backends: ['socket'] })
        .note('an octet out of range');
      client.connect('C6', LOOPBACK, L.port, ['no_such_option'], 500).expect(raises('exit', 'badarg')).note('an unknown atom option');
      client.connect('C7', LOOPBACK, L.port, [['active', 'maybe']], 500).expect(raises('exit', 'badarg')).note('a bad option value');
      client.connect('C9', LOOPBACK, 65536, [], 500)
        .expect(raises('exit', ['function_clause', '$stacktrace']), { backends: ['inet'] })
        .expect(['error', 'econnrefused'], { backends: ['socket'] })
        .note('port out of range: inet has no clause for it, the socket backend takes it modulo 65536 (port 0)');
      client.connect('C10', LOOPBACK, -1, [], 500)
        .expect(raises('exit', ['function_clause', '$stacktrace']), { backends: ['inet'] })
        .expect(['error', 'econnrefused'], { backends: ['socket'] })
        .note('negative port: 65535 to the socket backend');
      client.connect('C11', LOOPBACK, L.port, 'binary', 500)
        .expect(raises('exit', ['function_clause', '$stacktrace']))
        .note('options not a list: no backend can be chosen, so inet\'s clause fails on both');
      client.connect('C8', LOOPBACK, L.port, [], -5).expect(raises('error', 'badarg')).note('a negative timeout');
      client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 500).expect(['ok', { sock: 'C' }]).note('the caller still works');
    },
  ),
  scenario(
    'connect-listen.listen-bad-args',
    {
      title: 'listen with a port out of range, a bad option list or a bad ip',
      section,
      quote,
      rationale: 'listen rejects bad arguments by raising (badarg) or returning an error exactly as gen_tcp does',
    },
    (b) => {
      const server = b.subject('server');
      server.listen('L1', 65536, [])
        .expect(raises('exit', 'badarg'), { backends: ['inet'] })
        .expect(['ok', { sock: 'L1' }], { backends: ['socket'] })
        .note('port out of range');
      server.listen('L2', -1, [])
        .expect(raises('exit', 'badarg'), { backends: ['inet'] })
        .expect(['ok', { sock: 'L2' }], { backends: ['socket'] })
        .note('negative port');
      server.listen('L3', 'zero', [])
        .expect(raises('exit', 'badarg'), { backends: ['inet'] })
        .expect(['error', 'einval'], { backends: ['socket'] })
        .note('port not an integer');
      server.listen('L4', 0, 'binary').expect(raises('error', 'function_clause')).note('options not a list');
      server.listen('L5', 0, ['no_such_option']).expect(raises('exit', 'badarg')).note('an unknown atom option');
      server.listen('L6', 0, [['backlog', -1]]).expect(['ok', { sock: 'L6' }]).note('a negative backlog');
      server.listen('L7', 0, [['ip', [1, 2, 3]]])
        .expect(raises('exit', 'badarg'), { backends: ['inet'] })
        .expect(['error', ['invalid', ['sockaddr', { map: [['addr', [1, 2, 3]], ['family', 'inet'], ['port', 0]] }]]], { backends: ['socket'], otp: ['25'] })
        .expect(['error', ['invalid', ['sockaddr', { map: [['port', 0], ['addr', [1, 2, 3]], ['family', 'inet']] }]]], { backends: ['socket'], otp: ['27', '29'] })
        .note('a malformed ip');
      server.listen('L8', 0, [['ip', [10, 255, 255, 254]]]).expect(['error', 'eaddrnotavail']).note('an address not on this host');
      server.listen('L', 0, ['binary', ['active', false]]).expect(['ok', { sock: 'L' }]).note('the caller still works');
    },
  ),
  scenario(
    'connect-listen.connect-port-not-an-integer',
    {
      title: 'connect with a Port that is not an integer',
      section: connectSection,
      quote: connectQuote,
      rationale: 'a float as Port: inet exits {function_clause, Stack} (inet_tcp:getserv/1 has no clause, inside gen_tcp\'s catch), the socket backend raises error:function_clause',
      // The Erlang string "80" is left out: to a JavaScript library a string port is a service name (an atom).
    },
    (b) => {
      const client = b.subject('client');
      client.connect('C', LOOPBACK, { float: 80.5 }, [])
        .expect(raises('exit', ['function_clause', '$stacktrace']), { backends: ['inet'] })
        .expect(raises('error', 'function_clause'), { backends: ['socket'] });
    },
  ),
  scenario(
    'connect-listen.connect-hostname-not-a-name',
    {
      title: 'connect to a hostname that is not a valid name',
      section: connectSection,
      quote: connectQuote,
      rationale: 'a name must be a visible string (inet_parse:visible_string/1) before it is looked up: otherwise inet exits badarg and the socket backend returns {error,einval}; a well-formed unknown name is {error,nxdomain}',
    },
    (b) => {
      const client = b.subject('client');
      const refused = (c: ReturnType<typeof client.connect>, note: string) =>
        c.expect(raises('exit', 'badarg'), { backends: ['inet'] }).expect(['error', 'einval'], { backends: ['socket'] }).note(note);
      refused(client.connect('Cspaces', str('not a host'), 80, [], 2000), 'spaces');
      refused(client.connect('Ctab', str('a\tb'), 80, [], 2000), 'a control character');
      refused(client.connect('Clatin1', str('h\u00e9te'), 80, [], 2000), 'a character above 126');
      client.connect('Cempty', str(''), 80, [], 2000)
        .expect(raises('exit', 'badarg'), { backends: ['inet'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'nxdomain'], { otp: ['27', '29'] })
        .note('the empty name: not visible up to OTP 25, looked up (and not found) from 26');
      client.connect('Cunknown', str('no-such-host.invalid'), 80, [], 2000).expect(['error', 'nxdomain']).note('well-formed, unknown');
    },
  ),
  scenario(
    'connect-listen.accept-timeout-not-a-timeout',
    {
      title: 'accept with a Timeout that is not a timeout()',
      section: acceptSection,
      quote: acceptQuote,
      rationale: 'accept(L,x): inet raises error:function_clause, the socket backend error:badarg; the listener accepts on',
    },
    (b) => {
      const { server, c, L } = subjectListener(b);
      server.accept('S0', L, 'x')
        .expect(raises('error', 'function_clause'), { backends: ['inet'] })
        .expect(raises('error', 'badarg'), { backends: ['socket'] });
      c.connect('C', LOOPBACK, L.port, PASSIVE_BINARY, 1000);
      server.accept('S', L, 1000).expect(['ok', { sock: 'S' }]);
    },
  ),
  scenario(
    'connect-listen.accept-not-a-socket',
    {
      title: 'accept on something that is not a socket',
      section: acceptSection,
      quote: acceptQuote,
      rationale: 'gen_tcp:accept/2 has clauses for ports and sockets only: error:function_clause on both backends',
    },
    (b) => {
      const server = b.subject('server');
      server.accept('S', 'nope', 100).expect(raises('error', 'function_clause'));
    },
  ),
  scenario(
    'connect-listen.accept-timeout-negative',
    {
      title: 'accept with a negative Timeout',
      section: acceptSection,
      quote: acceptQuote,
      rationale: 'inet takes a negative timeout as infinity (the accept waits for a connection); the socket backend raises error:badarg',
    },
    (b) => {
      const { server, c, L } = subjectListener(b);
      server.accept('S', L, -1).nowait('negative');
      b.wait(100);
      c.connect('C', LOOPBACK, L.port, PASSIVE_BINARY, 1000);
      b.join(['negative'], 1000);
    },
  ),
];
