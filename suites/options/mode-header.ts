import { bin, scenario, str, until } from '../builder.js';

/** inet:setopts/2, options {mode, binary | list}, list, binary and {header, Size}. */
const section = 'inet:setopts/2, options {mode, Mode}, list, binary, {header, Size}';

export default [
  scenario(
    'options.mode-switch',
    {
      title: 'Received data follows the mode the socket is in when it is delivered',
      section,
      quote:
        '{mode, Mode :: binary | list}: Received Packet is delivered as defined by Mode. […] list: Received Packet is delivered as a list. binary: Received Packet is delivered as a binary.',
      rationale:
        'a socket connected with no mode option receives lists; after setopts binary, {mode,list} and {mode,binary} each recv and active message takes the current mode',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: [['active', false]] });
      server.send(S, 'one');
      client.recv(C, 3, 1000).expect(['ok', str('one')]).note('default mode: a list');
      client.setopts(C, ['binary']);
      server.send(S, 'two');
      client.recv(C, 3, 1000);
      client.setopts(C, [['mode', 'list']]);
      server.send(S, 'three');
      client.recv(C, 5, 1000);
      client.setopts(C, [['mode', 'binary'], ['active', 'once']]);
      server.send(S, 'four');
      b.await(client, until.data(C, 4), 1000);
      client.setopts(C, ['list', ['active', 'once']]);
      server.send(S, 'five');
      b.await(client, until.data(C, 4), 1000);
    },
  ),
  scenario(
    'options.header',
    {
      title: '{header, N} splits the first N bytes of each delivery off as list elements',
      section,
      quote:
        '{header, Size}: This option is only meaningful if option binary was specified when the socket was created. If option header is specified, the first Size number bytes of data received from the socket are elements of a list, and the remaining data is a binary specified as the tail of the same list. For example, if Size == 2, the data received matches [Byte1,Byte2|Binary].',
      rationale:
        'in binary mode with {header,2} recv and active messages give [B1,B2|Rest]; recv(S,3) counts the header bytes; in list mode the header has no visible effect; data exactly N bytes long is [B1,B2|<<>>] on inet and a plain list on socket',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connect: ['binary', ['header', 2], ['active', false]] });
      server.send(S, 'abcdef');
      client.recv(C, 6, 1000);
      server.send(S, 'hi');
      client.recv(C, 2, 1000)
        .expect(['ok', { list: [104, 105], tail: bin('') }], { backends: ['inet'] })
        .expect(['ok', str('hi')], { backends: ['socket'] })
        .note('exactly the header size');
      server.send(S, 'xyzw');
      client.recv(C, 3, 1000).expect(['ok', { list: [120, 121], tail: bin('z') }]).note('the length counts the header bytes too');
      client.setopts(C, ['list'])
        .expect('ok')
        .note('the byte left is read in list mode: data shorter than the header crashes the socket backend of OTP 25');
      client.recv(C, 1, 1000);
      server.send(S, 'plain');
      client.recv(C, 5, 1000).expect(['ok', str('plain')]).note('list mode: the header changes nothing');
      client.setopts(C, ['binary', ['header', 3], ['active', 'once']]);
      server.send(S, 'active!');
      b.await(client, until.message(['tcp', { sock: C.name }, '_']), 1000);
      client.getopts(C, ['header', 'mode']);
    },
  ),
];
