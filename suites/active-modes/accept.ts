import { LOOPBACK, bin, list, scenario, str, until } from '../builder.js';
import { P2 } from './common.js';

const section = 'gen_tcp:accept/1,2';
const quote =
  'Packets can be sent to the returned socket Socket using send/2. Packets sent from the peer are delivered as messages (unless {active, false} is specified in the option list for the listening socket, in which case packets are retrieved by calling recv/2)';

export default [
  scenario(
    'active-modes.accept-inherits-active',
    {
      title: 'an accepted socket takes the active mode (and list/binary) the listen socket has when accept runs',
      section,
      quote,
      rationale:
        'a socket accepted from a listener with {active,2} starts with a count of 2 (two messages, then tcp_passive) and the listener keeps its own count; after setopts on the listener the next accepts get once, then true with list mode, then false (no message, recv works)',
    },
    (b) => {
      const { server, c } = b.cast({ server: 'subject', c: 'peer' });
      const { L, C: C1, S: A1 } = b.connectedPair({
        client: c,
        server,
        listen: ['binary', ['packet', 2], ['active', 2]],
        connect: P2,
        acceptTimeout: 1000,
        names: { connect: 'C1', accept: 'A1' },
      });
      server.getopts(A1, ['active']);
      c.send(C1, 'a1');
      c.send(C1, 'a2');
      c.send(C1, 'a3');
      b.await(server, until.passive(A1), 1000);
      server.recv(A1, 0, 500);
      server.getopts(L, ['active']).expect(['ok', { list: [['active', 2]] }]).note('the listener keeps its own count');
      server.setopts(L, [['active', 'once']]);
      const C2 = c.connect('C2', LOOPBACK, L.port, P2);
      const A2 = server.accept('A2', L, 1000);
      server.getopts(A2, ['active']);
      c.send(C2, 'b1');
      c.send(C2, 'b2');
      b.await(server, until.count(1), 1000);
      b.wait(50);
      server.recv(A2, 0, 500);
      server.setopts(L, [['active', true], 'list']);
      const C3 = c.connect('C3', LOOPBACK, L.port, P2);
      const A3 = server.accept('A3', L, 1000);
      server.getopts(A3, ['active', 'mode']);
      c.send(C3, 'c1');
      b.await(server, until.count(1), 1000);
      server.setopts(L, [['active', false], 'binary']);
      const C4 = c.connect('C4', LOOPBACK, L.port, P2);
      const A4 = server.accept('A4', L, 1000);
      c.send(C4, 'd1');
      b.wait(50);
      server.flush()
        .expect({ list: [['tcp', { sock: 'A1' }, bin('a1')], ['tcp', { sock: 'A1' }, bin('a2')], ['tcp_passive', { sock: 'A1' }], ['tcp', { sock: 'A2' }, bin('b1')], ['tcp', { sock: 'A3' }, str('c1')]] })
        .note('nothing from A4');
      server.recv(A4, 0, 500);
    },
  ),
  scenario(
    'active-modes.accept-listener-active-zero',
    {
      title: 'a listener made with {active,0}: passive at once, and so are the sockets it accepts',
      section,
      quote,
      rationale:
        'listen with {active,0} gives a listener that reports {active,false} and sends {tcp_passive,L}; a socket it accepts is passive: data waits for recv',
    },
    (b) => {
      const { server, c } = b.cast({ server: 'subject', c: 'peer' });
      const L0 = server.listen('L0', 0, ['binary', ['packet', 2], ['active', 0]]);
      server.getopts(L0, ['active']).expect(['ok', list(['active', false])]);
      b.await(server, until.passive(L0), 1000);
      server.flush().expect({ list: [['tcp_passive', { sock: 'L0' }]] }).note('the new listener itself went passive');
      const C5 = c.connect('C5', LOOPBACK, L0.port, P2);
      const A5 = server.accept('A5', L0, 1000);
      server.getopts(A5, ['active']).expect(['ok', list(['active', false])]);
      c.send(C5, 'e1');
      b.wait(50);
      server.flush().expect(list()).note('no message: the accepted socket is passive');
      server.recv(A5, 0, 500).expect(['ok', bin('e1')]);
    },
  ),
];
