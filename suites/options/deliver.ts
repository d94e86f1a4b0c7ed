import { bin, scenario, until } from '../builder.js';

/** inet:setopts/2, option {deliver, port | term}. */
const section = 'inet:setopts/2, option {deliver, port | term}';
const quote =
  'When {active, true}, data is delivered on the form port : {S, {data, [H1,..Hsz | Data]}} or term : {tcp, S, [H1..Hsz | Data]}.';

export default [
  scenario(
    'options.deliver-port',
    {
      title: '{deliver, port} changes the shape of active data messages, and on inet breaks passive recv',
      section,
      quote,
      rationale:
        'with {deliver,port} an active socket sends {S,{data,Data}} (header bytes as list elements) instead of {tcp,S,Data}; back to term gives {tcp,S,Data}; on inet a passive recv with deliver port never returns (socket: it returns the data)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connect: ['binary', ['active', false], ['deliver', 'port']] });
      client.getopts(C, ['deliver']);
      client.setopts(C, [['active', 'once']]);
      server.send(S, 'as port');
      client.receive(1000).expect([{ sock: 'C' }, ['data', bin('as port')]]);
      client.setopts(C, [['header', 1], ['active', 'once']]);
      server.send(S, 'hp');
      client.receive(1000).expect([{ sock: 'C' }, ['data', { list: [104], tail: bin('p') }]]);
      client.setopts(C, [['header', 0], ['deliver', 'term'], ['active', 'once']]);
      server.send(S, 'as term');
      b.await(client, until.data(C, 7), 1000);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('as term')]] }).note('the term-form message');
      client.setopts(C, [['deliver', 'port']]);
      server.send(S, 'passive');
      client
        .recv(C, 7, 300)
        .nowait('recv')
        .expect(['ok', bin('passive')], { backends: ['socket'] })
        .note('inet: a passive recv with {deliver,port} never returns, not even at its timeout (the trace shows it pending)');
      b.join(['recv'], 800, 'joined');
    },
  ),
];
