import { LOOPBACK, scenario, until } from '../builder.js';

const section = 'gen_tcp:controlling_process/2';
const quote = 'Assigns a new controlling process Pid to Socket. The controlling process is the process that receives messages from the socket.';

const P2 = ['binary', ['active', false], ['packet', 2]];
const A2 = ['binary', ['packet', 2], ['active', true]];

export default [
  scenario(
    'controlling-process.owner-exit-closes',
    {
      title: 'a socket closes when its owner exits, normally or killed, and the peer sees the close',
      section,
      quote,
      rationale:
        'the socket lives as long as its controlling process: an owner that exits normally, one that is killed, and one that got the socket by transfer all take their socket with them; the peer\'s recv returns {error,closed} and its active socket gets {tcp_closed,S}',
    },
    (b) => {
      const one = b.subject('one');
      const two = b.subject('two');
      const { giver, taker, server } = b.cast({ giver: 'subject', taker: 'subject', server: 'peer' });
      const { L, S: S1 } = b.connectedPair({ client: one, server, listen: P2, connect: A2, names: { connect: 'C1', accept: 'S1' } });
      const C2 = two.connect('C2', LOOPBACK, L.port, A2);
      const S2 = server.accept('S2', L, 2000);
      const C3 = giver.connect('C3', LOOPBACK, L.port, A2);
      const S3 = server.accept('S3', L, 2000);
      giver.controlling_process(C3, taker);
      server.setopts(S2, [['active', true]]);
      one.exit('normal');
      server.recv(S1, 0, 1000);
      b.kill(two);
      b.await(server, until.closed(S2), 1000);
      taker.exit('shutdown');
      server.recv(S3, 0, 1000);
      giver.send(C3, 'too late').expect(['error', 'closed']).note('the socket went with its new owner');
    },
  ),
  scenario(
    'controlling-process.old-owner-exit-keeps-socket',
    {
      title: 'after a transfer, the old owner exiting or being killed does not close the socket',
      section,
      quote,
      rationale:
        'once given away, a socket no longer depends on its old owner: after the old owner exits (normal) or is killed, the new owner still receives data and sends, and the peer sees no close',
    },
    (b) => {
      const old1 = b.subject('old1');
      const { old2, next, server } = b.cast({ old2: 'subject', next: 'subject', server: 'peer' });
      const { L, C: C1, S: S1 } = b.connectedPair({ client: old1, server, listen: P2, connect: A2, names: { connect: 'C1', accept: 'S1' } });
      const C2 = old2.connect('C2', LOOPBACK, L.port, A2);
      const S2 = server.accept('S2', L, 2000);
      old1.controlling_process(C1, next);
      old2.controlling_process(C2, next);
      old1.exit('normal');
      b.kill(old2);
      b.await(old1, until.exited(), 1000);
      b.await(old2, until.exited(), 1000);
      // One socket at a time: two connections do not order their deliveries between them.
      server.send(S1, 'to C1');
      b.await(next, until.count(1), 1000);
      server.send(S2, 'to C2');
      b.await(next, until.count(1), 1000);
      next.send(C1, 'from C1');
      next.send(C2, 'from C2');
      server.recv(S1, 0, 500);
      server.recv(S2, 0, 500);
      next.flush();
    },
  ),
];
