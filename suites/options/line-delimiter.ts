import { bin, raises, scenario, until } from '../builder.js';

/** inet:setopts/2, option {line_delimiter, Char}. */
const section = 'inet:setopts/2, option {line_delimiter, Char}';
const quote = 'Sets the line delimiting character for line-oriented protocols (line). Defaults to $\\n.';

export default [
  scenario(
    'options.line-delimiter',
    {
      title: '{packet, line} with {line_delimiter, $;} splits at ";" and not at newline',
      section,
      quote,
      rationale:
        'connect takes line_delimiter and lines end at the new character; setopts back to $\\n takes effect for the next line; listen refuses the option with exit badarg; getopts cannot read it on inet (einval) and reads it on socket',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['packet', 'line'], ['line_delimiter', 59], ['active', false]],
      });
      server.send(S, 'ab;cd\nef;gh');
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).expect(['ok', bin("cd\nef;")]).note('the newline is an ordinary byte');
      client.setopts(C, [['line_delimiter', 10], ['active', 'once']]);
      server.send(S, ';ij\nk');
      b.await(client, until.message(['tcp', { sock: C.name }, '_']), 1000);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin("gh;ij\n")]] }).note('"gh;ij\\n": the semicolon no longer ends a line');
      client.getopts(C, ['line_delimiter']);
      client.listen('L2', 0, [['line_delimiter', 59]]).expect(raises('exit', 'badarg')).note('listen does not take line_delimiter');
      client.setopts(C, [['line_delimiter', 256]]).expect('ok').note('accepted although it is not a byte');
    },
  ),
];
