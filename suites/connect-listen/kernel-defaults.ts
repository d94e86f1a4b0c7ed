/**
 * The kernel application's default socket options: every connect starts from
 * inet_default_connect_options and every listen from inet_default_listen_options
 * (inet:connect_options/2 and listen_options/2). The call's own options win over a
 * default of the same name, {active, _} among the defaults is ignored, and the
 * backends differ on atoms such as binary and on a value that is no list. From
 * inet.erl connect_options/2 and listen_options/2 and kernel(6); each case runs alone,
 * since the defaults apply to every socket the node makes meanwhile.
 */
import { raises, scenario } from '../builder.js';

const section = 'kernel(6): inet_default_connect_options, inet_default_listen_options';
const source = 'kernel(6) of OTP 25, which fixtures/spec/ does not hold; the behaviour was read from real Erlang on OTP 25, 27 and 29';
const quote = 'inet_default_connect_options = [{Opt, Val}] Specifies default options for connect sockets […] inet_default_listen_options = [{Opt, Val}] Specifies default options for listen (and accept) sockets';
const NAMES = ['active', 'nodelay', 'recbuf', 'mode', 'packet', 'exit_on_close'];

export default [
  scenario(
    'connect-listen.kernel-defaults-connect',
    {
      title: 'inet_default_connect_options: connect starts from them, its own options win, {active,false} is ignored',
      section,
      quote,
      source,
      rationale:
        'with the connect defaults [{nodelay,true},{active,false},{recbuf,20000},{exit_on_close,false}], connect(.., []) gets nodelay, recbuf and exit_on_close from them but stays active; connect with {nodelay,false} and {active,once} keeps those',
      kernel: { inet_default_connect_options: { list: [['nodelay', true], ['active', false], ['recbuf', 20000], ['exit_on_close', false]] } },
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      const C = client.connect('C', [127, 0, 0, 1], L.port, []);
      server.accept('S', L, 1000);
      client.getopts(C, NAMES).note('the defaults, but active');
      const C2 = client.connect('C2', [127, 0, 0, 1], L.port, [['nodelay', false], ['active', 'once']]);
      server.accept('S2', L, 1000);
      client.getopts(C2, NAMES).note("the call's own options win");
    },
  ),
  scenario(
    'connect-listen.kernel-defaults-listen',
    {
      title: 'inet_default_listen_options: listen and accept start from them; an atom among them beats the call on inet',
      section,
      quote,
      source,
      rationale:
        'with the listen defaults [{nodelay,true},{active,false},{recbuf,30000},binary,{packet,2}], listen(0, []) and the sockets it accepts take nodelay, recbuf and packet from them and stay active; inet takes binary too, the socket backend ignores atoms among the defaults; listen with {packet,0}, {active,true} and list keeps packet 0, while inet still ends up binary (the default atom is applied after the call\'s own list)',
      kernel: { inet_default_listen_options: { list: [['nodelay', true], ['active', false], ['recbuf', 30000], 'binary', ['packet', 2]] } },
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const L = server.listen('L', 0, []);
      server.getopts(L, NAMES).note('the listener');
      client.connect('C', [127, 0, 0, 1], L.port, ['binary', ['active', false]]);
      const S = server.accept('S', L, 1000);
      server.getopts(S, NAMES).note('an accepted socket');
      const L2 = server.listen('L2', 0, [['packet', 0], ['active', true], 'list']);
      server.getopts(L2, NAMES).note("the call's own options, but binary on inet");
    },
  ),
  scenario(
    'connect-listen.kernel-defaults-single',
    {
      title: 'a default that is one option, not a list',
      section,
      quote,
      source,
      rationale: 'inet_default_connect_options set to the tuple {nodelay,true} counts as [{nodelay,true}]',
      kernel: { inet_default_connect_options: ['nodelay', true] },
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      const C = client.connect('C', [127, 0, 0, 1], L.port, ['binary', ['active', false]]);
      client.getopts(C, ['nodelay']);
    },
  ),
  scenario(
    'connect-listen.kernel-defaults-bad-option',
    {
      title: 'a default option connect does not know',
      section,
      quote,
      source,
      rationale: 'an unknown option among the connect defaults makes every connect exit badarg, on both backends',
      kernel: { inet_default_connect_options: { list: [['bogus', 1]] } },
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      client.connect('C', [127, 0, 0, 1], L.port, ['binary', ['active', false]]).expect(raises('exit', 'badarg'));
    },
  ),
  scenario(
    'connect-listen.kernel-defaults-not-a-list',
    {
      title: 'connect defaults that are neither a list nor an option',
      section,
      quote,
      source,
      rationale: 'inet_default_connect_options set to an atom: inet exits badarg at every connect, the socket backend ignores it',
      kernel: { inet_default_connect_options: 'notalist' },
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      client
        .connect('C', [127, 0, 0, 1], L.port, ['binary', ['active', false]])
        .expect(raises('exit', 'badarg'), { backends: ['inet'] })
        .expect(['ok', { sock: 'C' }], { backends: ['socket'] });
    },
  ),
];
