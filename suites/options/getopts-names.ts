import { list, raises, scenario } from '../builder.js';

/** inet:getopts/2 with names it does not know, odd requests, and a closed socket. */
const section = 'inet:getopts/2';
const quote =
  'An error tuple is returned only when getting options for the socket is impossible (that is, the socket is closed or the buffer size in a raw request is too large). This behavior is kept for backward compatibility reasons.';

export default [
  scenario(
    'options.getopts-bad-names',
    {
      title: 'getopts with unknown names and creation-only names',
      section,
      quote,
      rationale:
        'an unknown name anywhere in the list makes the whole call {error,einval}; ip, port and backlog are not readable (inet refuses all three; socket refuses port and leaves ip and backlog out of its answer)',
    },
    (b) => {
      const { client, C } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      client.getopts(C, ['foo']).expect(['error', 'einval']);
      client.getopts(C, ['active', 'foo']).expect(['error', 'einval']).note('one unknown name spoils the whole answer');
      client.getopts(C, ['foo', 'active']).expect(['error', 'einval']);
      client.getopts(C, ['ip'])
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(['ok', { list: [] }], { backends: ['socket'] });
      client.getopts(C, ['port']).expect(['error', 'einval']);
      client.getopts(C, ['backlog'])
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(['ok', { list: [] }], { backends: ['socket'] });
      client.getopts(C, ['active', 'port']).expect(['error', 'einval']);
    },
  ),
  scenario(
    'options.getopts-duplicate-names',
    {
      title: 'getopts with a name asked twice answers it twice',
      section,
      quote,
      rationale: 'getopts answers each name in the order asked, a duplicated name as often as it is asked',
    },
    (b) => {
      const { client, C } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      client.getopts(C, ['active', 'active', 'mode']).expect(['ok', list(['active', false], ['active', false], ['mode', 'binary'])]);
    },
  ),
  scenario(
    'options.getopts-bad-arguments',
    {
      title: 'getopts with a {Name,Value} tuple or with a non-list',
      section,
      quote,
      rationale:
        'a {Name,Value} tuple among the names is {error,einval} (exit badarg on the OTP 25 socket backend); a non-list raises function_clause; the socket works on afterwards',
    },
    (b) => {
      const { client, C } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      client.getopts(C, [['active', true]])
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(raises('exit', 'badarg'), { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('the setopts form');
      client.getopts(C, 'active').expect(raises('error', 'function_clause')).note('not a list');
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 'false']] }]).note('the socket is still fine');
    },
  ),
  scenario(
    'options.setopts-duplicates',
    {
      title: 'setopts with the same option twice in one list',
      section: 'inet:setopts/2',
      quote: 'Sets one or more options for a socket.',
      rationale:
        'setopts([{packet,1},{packet,4}]) returns ok; inet keeps the first value ({packet,1}) and socket the last ({packet,4}); [] is ok and changes nothing',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      client.setopts(C, [['packet', 1], ['packet', 4]]);
      client.getopts(C, ['packet']);
      client.setopts(C, [['send_timeout', 100], ['send_timeout', 200]]);
      client.getopts(C, ['send_timeout']);
      client.setopts(C, []);
      client.getopts(C, ['packet', 'send_timeout']);
      client.setopts(C, [['packet', 0]]);
      server.send(S, 'raw again');
      client.recv(C, 9, 1000);
    },
  ),
  scenario(
    'options.closed-socket',
    {
      title: 'setopts and getopts on a socket the caller closed',
      section,
      quote,
      rationale:
        'after close, inet returns {error,einval} to both setopts and getopts (good or bad values alike); socket returns {error,closed}',
    },
    (b) => {
      const { client, C } = b.connectedPair({ names: { listen: 'PL' } });
      const L = client.listen('L', 0, ['binary', ['active', false]]);
      client.close(C);
      client.setopts(C, ['list']);
      client.setopts(C, [['active', 'maybe']]);
      client.getopts(C, ['mode']);
      client.getopts(C, ['foo']);
      client.close(L);
      client.setopts(L, [['active', 'once']]);
      client.getopts(L, ['active']);
    },
  ),
];
