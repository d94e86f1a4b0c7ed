import { LOOPBACK, raises, scenario } from '../builder.js';

const section = 'gen_tcp:connect/3,4 and gen_tcp:listen/2: argument types';
const quote = 'port_number() = 0..65535';

export default [
  scenario(
    'connect-listen.connect-bad-args',
    {
      title: 'connect to port 0, with a malformed address, a bad option or a bad timeout',
      section,
      quote,
      rationale: 'connect rejects bad arguments by raising (badarg) or returning an error exactly as gen_tcp does, and the caller keeps working',
      // A port out of range (65536, -1) and a non-list option argument make inet raise
      // exit:{function_clause, Stacktrace}: the stack (driver file paths, OTP line numbers) is
      // compared verbatim, so those inputs are left out here; listen-bad-args covers the ranges.
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
];
