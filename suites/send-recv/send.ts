import { LOOPBACK, bin, list, raises, scenario, str } from '../builder.js';

const section = 'gen_tcp:send/2';
const quote = 'Packet = iodata() […] Sends a packet on a socket.';

export default [
  scenario(
    'send-recv.send-iodata',
    {
      title: 'send accepts every iodata form',
      section,
      quote,
      rationale: 'binaries, strings, nested lists of bytes and binaries, improper lists with a binary tail and empty data are all sent as their flattened bytes',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.send(C, bin('<bin>'));
      client.send(C, str('<str>'));
      client.send(C, list(str('<a'), bin('b'), list(99, list(bin('d'), list()), 62)));
      client.send(C, { list: [60, bin('tail')], tail: bin('>') }).expect('ok').note('improper list with a binary tail');
      client.send(C, bin(''));
      client.send(C, list());
      client.send(C, list(list(), bin(''), list(list())));
      client.send(C, list(0, 255, bin('\u0000\u00ff')));
      server.recv(S, 26, 1000);
      server.recv(S, 0, 200).expect(['error', 'timeout']).note('nothing more: the empty sends sent nothing');
    },
  ),
  scenario(
    'send-recv.send-bad-data',
    {
      title: 'send with data that is not iodata',
      section,
      quote,
      rationale: 'a tuple, an atom, a bare integer, integers outside 0..255 and non-byte list elements are rejected as gen_tcp does, nothing is sent, and the socket keeps working',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.send(C, [1, 2])
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('error', 'badarg'), { backends: ['socket'] })
        .note('a tuple');
      client.call('send', C, 'an_atom')
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('error', 'badarg'), { backends: ['socket'] })
        .note('an atom');
      client.send(C, 65)
        .expect(['error', 'einval'], { backends: ['inet'], otp: ['25'] })
        .expect('ok', { backends: ['inet'], otp: ['27', '29'] })
        .expect(raises('error', 'badarg'), { backends: ['socket'] })
        .note('a bare integer');
      client.send(C, list(65, 256))
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('error', ['invalid', ['data', { list: [65, 256] }]]), { backends: ['socket'] })
        .note('an integer > 255');
      client.send(C, list(-1))
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('error', ['invalid', ['data', { list: [-1] }]]), { backends: ['socket'] })
        .note('a negative integer');
      client.send(C, list(65, 'atom'))
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('error', ['invalid', ['data', { list: [65, 'atom'] }]]), { backends: ['socket'] })
        .note('an atom in a list');
      client.send(C, list(65, { float: 1.5 }))
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('error', ['invalid', ['data', { list: [65, { float: 1.5 }] }]]), { backends: ['socket'] })
        .note('a float in a list');
      client.send(C, { list: [65], tail: 66 })
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('error', ['invalid', ['data', { list: [65], tail: 66 }]]), { backends: ['socket'] })
        .note('an integer tail');
      client.send(C, 'ok');
      server.recv(S, 0, 500)
        .expect(['ok', bin('ok')], { backends: ['inet'], otp: ['25'] })
        .expect(['ok', bin('Aok')], { backends: ['inet'], otp: ['27', '29'] })
        .expect(['ok', bin('ok')], { backends: ['socket'] })
        .note('only the good send arrives');
    },
  ),
  scenario(
    'send-recv.send-recv-listen-socket',
    {
      title: 'send and recv on a listen socket',
      section,
      quote,
      rationale: 'send and recv on a listen socket return the backend\'s error and leave the listener working',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      server.send(L, 'data');
      server.recv(L, 0, 200);
      client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]], 1000);
      server.accept('S', L, 1000);
    },
  ),
];
