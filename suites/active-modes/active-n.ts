import { bin, scenario, until } from '../builder.js';
import { P2 } from './common.js';

const section = 'inet:setopts/2, option {active, true | false | once | N}';
const quote =
  "If the value is an integer N in the range -32768 to 32767 (inclusive), the value is added to the socket's count of data messages sent to the controlling process. A socket's default message count is 0. If a negative value is specified, and its magnitude is equal to or greater than the socket's current message count, the socket's message count is set to 0. Once the socket's message count reaches 0, either because of sending received data messages to the process or by being explicitly set, the process is then notified by a special message, specific to the type of socket, that the socket has entered passive mode. Once the socket enters passive mode, to receive more messages setopts/2 must be called again to set the socket back into an active mode.";

/** A connected socket C of `client` ({packet,2} unless packet is 0), and the peer's end S. */
function pair(b: Parameters<Parameters<typeof scenario>[2]>[0], active: unknown = false, packet = 2) {
  const { client, server, C, S } = b.connectedPair({
    listen: packet ? P2 : ['binary', ['active', false]],
    connect: ['binary', ['active', active as never], ['packet', packet]],
  });
  return { client, server, C, S };
}

export default [
  scenario(
    'active-modes.n-counts-down',
    {
      title: '{active,3}: three messages, then {tcp_passive,S}; more N picks up buffered packets',
      section,
      quote,
      rationale:
        'with {active,3} and five packets sent, exactly three arrive, then {tcp_passive,S}, and the socket reports {active,false}; the 4th waits for recv; {active,2} delivers the buffered 5th at once and counts it (1 left); one more packet spends it and gives {tcp_passive,S} again',
    },
    (b) => {
      const { client, server, C, S } = pair(b, 3);
      client.getopts(C, ['active']);
      for (const n of [1, 2, 3, 4, 5]) server.send(S, `m${n}`);
      b.await(client, until.passive(C), 1000);
      b.wait(50);
      client.flush();
      client.getopts(C, ['active']);
      client.recv(C, 0, 500);
      client.setopts(C, [['active', 2]]);
      b.await(client, until.count(1), 1000);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 1]] }]).note('one message left');
      server.send(S, 'm6');
      b.await(client, until.passive(C), 1000);
      b.wait(50);
      client.flush();
      client.getopts(C, ['active']);
    },
  ),
  scenario(
    'active-modes.n-adds-up',
    {
      title: 'setopts {active,N} adds to the count; a negative N subtracts, and reaching 0 gives {tcp_passive,S}',
      section,
      quote,
      rationale:
        'on a passive socket {active,2} then {active,3} gives 5; {active,-2} gives 3; {active,0} changes nothing and sends nothing; {active,-3} reaches 0: {active,false} and one {tcp_passive,S}; {active,4} then {active,-2} lets exactly 2 packets through',
    },
    (b) => {
      const { client, server, C, S } = pair(b);
      client.setopts(C, [['active', 2]]);
      client.setopts(C, [['active', 3]]);
      client.getopts(C, ['active']);
      client.setopts(C, [['active', -2]]);
      client.getopts(C, ['active']);
      client.setopts(C, [['active', 0]]);
      client.getopts(C, ['active']);
      b.wait(30);
      client.flush().expect({ list: [] }).note('{active,0} on a counting socket: no message');
      client.setopts(C, [['active', -3]]);
      client.getopts(C, ['active']);
      b.await(client, until.passive(C), 1000);
      client.flush();
      client.setopts(C, [['active', 4]]);
      client.setopts(C, [['active', -2]]);
      for (const n of [1, 2, 3]) server.send(S, `d${n}`);
      b.await(client, until.passive(C), 1000);
      b.wait(50);
      client.flush()
        .expect({ list: [['tcp', { sock: 'C' }, bin('d1')], ['tcp', { sock: 'C' }, bin('d2')], ['tcp_passive', { sock: 'C' }]] })
        .note('4 - 2 = 2 messages, then passive');
      client.recv(C, 0, 500);
    },
  ),
  scenario(
    'active-modes.n-limits',
    {
      title: 'the count is capped at 32767: a sum above it is {error,einval} and changes nothing',
      section,
      quote:
        "If the value is an integer N in the range -32768 to 32767 (inclusive), the value is added to the socket's count of data messages sent to the controlling process. […] If a negative value is specified, and its magnitude is equal to or greater than the socket's current message count, the socket's message count is set to 0.",
      rationale:
        '{active,32767} is accepted; adding 1 more is {error,einval} and the count stays 32767; {active,32768} and {active,-32769} are einval; {active,-32768} empties any count and sends {tcp_passive,S}',
    },
    (b) => {
      const { client, C } = pair(b);
      client.setopts(C, [['active', 32767]]);
      client.getopts(C, ['active']);
      client.setopts(C, [['active', 1]]);
      client.getopts(C, ['active']);
      client.setopts(C, [['active', 32000]]);
      client.setopts(C, [['active', -32768]]);
      client.getopts(C, ['active']);
      b.await(client, until.passive(C), 1000);
      client.flush();
      client.setopts(C, [['active', 32768]]);
      client.setopts(C, [['active', -32769]]);
      client.setopts(C, [['active', 10]]);
      client.setopts(C, [['active', 32758]]);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 10]] }]).note('10 + 32758 = 32768 is refused');
      client.setopts(C, [['active', 32757]]);
      client.getopts(C, ['active']);
    },
  ),
  scenario(
    'active-modes.zero-and-negative-n',
    {
      title: '{active,0} and negative N on sockets that are true, once, or already passive',
      section,
      quote,
      rationale:
        '{active,0} or a negative N sets the count to 0 on any socket: a true or once socket becomes {active,false}, and every such call sends {tcp_passive,S}, even on a socket that was already passive',
    },
    (b) => {
      const { client, server, C, S } = pair(b, true, 0);
      client.setopts(C, [['active', -1]]).expect('ok').note('on {active,true}');
      client.getopts(C, ['active']);
      b.await(client, until.passive(C), 1000);
      client.flush();
      server.send(S, 'x1');
      b.wait(50);
      client.flush().expect({ list: [] }).note('passive now: no data message');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.data(C, 2), 1000);
      client.setopts(C, [['active', 'once']]);
      client.setopts(C, [['active', 0]]).expect('ok').note('on {active,once}');
      client.getopts(C, ['active']);
      b.await(client, until.passive(C), 1000);
      client.flush();
      client.setopts(C, [['active', 0]]).expect('ok').note('on an already passive socket');
      client.getopts(C, ['active']);
      b.await(client, until.passive(C), 1000);
      client.flush();
      client.setopts(C, [['active', -5]]).expect('ok').note('negative on an already passive socket');
      b.await(client, until.passive(C), 1000);
      client.flush();
      client.setopts(C, [['active', true]]);
      client.setopts(C, [['active', 0]]).expect('ok').note('on {active,true}');
      client.getopts(C, ['active']);
      b.await(client, until.passive(C), 1000);
      client.flush();
    },
  ),
  scenario(
    'active-modes.n-replaced-by-modes',
    {
      title: 'true, once and false replace a count; N replaces true, once and false',
      section,
      quote,
      rationale:
        'a count is not added to true or once: {active,2} after true, once or false gives 2; true or once after a count replace it with no message; false after a count gives {active,false}, and the socket backend alone also sends {tcp_passive,S}',
    },
    (b) => {
      const { client, C } = pair(b);
      client.setopts(C, [['active', true]]);
      client.setopts(C, [['active', 2]]);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 2]] }]).note('N replaces true');
      client.setopts(C, [['active', 'once']]);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 'once']] }]).note('once replaces N');
      client.setopts(C, [['active', 2]]);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 2]] }]).note('N replaces once');
      client.setopts(C, [['active', true]]);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 'true']] }]).note('true replaces N');
      b.wait(30);
      client.flush().expect({ list: [] }).note('no tcp_passive when once or true replaces a count');
      client.setopts(C, [['active', false]]);
      client.setopts(C, [['active', 2]]);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 2]] }]).note('N on a passive socket');
      client.setopts(C, [['active', false]]);
      client.getopts(C, ['active']);
      b.wait(30);
      client.flush()
        .expect({ list: [] }, { backends: ['inet'] })
        .expect({ list: [['tcp_passive', { sock: 'C' }]] }, { backends: ['socket'] })
        .note('a count set to false');
    },
  ),
];
