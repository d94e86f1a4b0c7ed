import type { TermIn } from '../../harness/scenario/schema.js';
import { scenario, type Actor, type Builder, type Sock } from '../builder.js';
import { passivePair } from './passive-pair.js';

/**
 * inet:setopts/2 with several options in one list: the order they are applied
 * in, a repeated option, and {active, N} arithmetic inside one list. OTP's
 * gen_tcp_misc_SUITE:active_n/1 sets [{debug,false},{active,-N},{debug,true}]
 * and notes "Note the order! Its reversed!!": inet_drv applies the list last
 * to first, gen_tcp_socket first to last.
 */
const section = 'inet:setopts/2';
const quote = 'Sets one or more options for a socket.';
const quoteN =
  "If the value is an integer N in the range -32768 to 32767 (inclusive), the value is added to the socket's count of data messages sent to the controlling process. […] Once the socket's message count reaches 0, either because of sending received data messages to the process or by being explicitly set, the process is then notified by a special message, specific to the type of socket, that the socket has entered passive mode.";

/** setopts with one list, then what it left (active) and what it sent; then back to passive with nothing pending. */
function tryList(b: Builder, client: Actor, C: Sock, opts: TermIn[], note: string): void {
  client.setopts(C, opts).note(note);
  client.getopts(C, ['active']);
  b.wait(30);
  client.flush();
  client.setopts(C, [['active', false]]);
  b.wait(30);
  client.flush().note('back to passive (the socket backend sends tcp_passive when a count is replaced by false)');
}

export default [
  // OTP: gen_tcp_misc_SUITE.erl, active_n/1 ("Note the order! Its reversed!!").
  scenario(
    'options.setopts-list-order',
    {
      title: 'setopts with one option twice in a list: which value wins',
      section,
      quote,
      rationale:
        'a list naming the same option twice returns ok; inet applies it last to first, so the first value stays ([{mode,list},{mode,binary}] leaves list, [{active,true},{active,3}] leaves true), and socket first to last, so the last stays (from gen_tcp_misc_SUITE:active_n)',
    },
    (b) => {
      const { client, C } = passivePair(b);
      client.setopts(C, [['mode', 'list'], ['mode', 'binary']]);
      client.getopts(C, ['mode']);
      client.setopts(C, ['binary', 'list']).note('the bare atoms');
      client.getopts(C, ['mode']);
      client.setopts(C, [['active', true], ['active', 3]]);
      client.getopts(C, ['active']);
      client.setopts(C, [['active', 3], ['active', 'once']]);
      client.getopts(C, ['active']);
      client.setopts(C, [['active', 'once'], ['active', 3]]);
      client.getopts(C, ['active']);
    },
  ),
  // OTP: gen_tcp_misc_SUITE.erl, active_n/1 (tcp_passive from a list holding {active,-N}).
  scenario(
    'options.setopts-list-passive-through-zero',
    {
      title: 'a setopts list whose {active,N} steps reach 0 sends tcp_passive, whatever the final value',
      section,
      quote: quoteN,
      rationale:
        'on a passive socket, a list that brings the count to 0 on the way sends one {tcp_passive,S} even when a later element raises it again: [{active,2},{active,-2}], [{active,0},{active,true}] and [{active,3},{active,-5},{active,2}] do on both backends (in each one\'s order), [{active,1},{active,-1},{active,5}] does on socket and not on inet, where 5 comes first (from gen_tcp_misc_SUITE:active_n)',
    },
    (b) => {
      const { client, C } = passivePair(b);
      tryList(b, client, C, [['active', 2], ['active', -2]], 'inet: -2 then 2; socket: 2 then -2');
      tryList(b, client, C, [['active', 1], ['active', -1], ['active', 5]], 'inet never reaches 0');
      tryList(b, client, C, [['active', 3], ['active', -5], ['active', 2]], 'both pass 0');
      tryList(b, client, C, [['active', 0], ['active', true]], '0 on a passive socket, then true');
    },
  ),
  // OTP: gen_tcp_misc_SUITE.erl, active_n/1 ({active,32767} then {active,1} is {error,einval}).
  scenario(
    'options.setopts-list-active-overflow',
    {
      title: '{active,N} elements of one list that add up past 32767',
      section,
      quote: quoteN,
      rationale:
        'a list whose counts add up past 32767 returns {error,einval} and keeps what was applied before the overflow: [{active,32767},{active,1}] leaves 1 on inet (1 first) and 32767 on socket; [{active,20000},{active,20000}] leaves 20000; a list that overflows nothing because -32768 empties the count in between returns ok (from gen_tcp_misc_SUITE:active_n)',
    },
    (b) => {
      const { client, C } = passivePair(b);
      tryList(b, client, C, [['active', 32767], ['active', 1]], '{error,einval}');
      tryList(b, client, C, [['active', 20000], ['active', 20000]], '{error,einval}');
      tryList(b, client, C, [['active', 32767], ['active', -32768], ['active', 7]], 'ok: the count passes 0 but never 32767');
    },
  ),
];
