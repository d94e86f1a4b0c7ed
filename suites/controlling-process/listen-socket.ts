import { LOOPBACK, bin, scenario, until, type Builder } from '../builder.js';

const section = 'gen_tcp:accept/1,2';
const quote =
  'The accept call does not have to be issued from the socket owner process. Using version 5.5.3 and higher of the emulator, multiple simultaneous accept calls can be issued from different processes, which allows for a pool of acceptor processes handling incoming connections.';

const P2 = ['binary', ['active', false], ['packet', 2]];

/** owner listens ({active,true}, {packet,2}), the peer c connects, and acceptor, which does not own the listener, accepts A. */
function acceptedByOther(b: Builder) {
  const { owner, acceptor, c } = b.cast({ owner: 'subject', acceptor: 'subject', c: 'peer' });
  const L = owner.listen('L', 0, ['binary', ['packet', 2], ['active', true]]);
  const C = c.connect('C', LOOPBACK, L.port, P2);
  const A = acceptor.accept('A', L, 1000).expect(['ok', { sock: 'A' }]);
  return { owner, acceptor, c, L, C, A };
}

export default [
  scenario(
    'controlling-process.listen-socket-owner',
    {
      title: 'accept from a process that does not own the listener: the acceptor owns the accepted socket',
      section,
      quote,
      rationale:
        'a non-owner can accept; the accepted socket belongs to the acceptor: its messages go there, and the listener\'s owner gets {error,not_owner} when it tries to give it away',
    },
    (b) => {
      const { owner, acceptor, c, C, A } = acceptedByOther(b);
      owner.controlling_process(A, owner).expect(['error', 'not_owner']);
      c.send(C, 'hi');
      b.await(acceptor, until.count(1), 1000);
    },
  ),
  scenario(
    'controlling-process.listen-socket-owner-exit',
    {
      title: 'the listener closes with its owner: a blocked accept returns {error,closed}, connects are refused, accepted sockets stay open',
      section: 'gen_tcp:accept/1,2',
      quote: 'Returns: {ok, Socket} if a connection is established {error, closed} if ListenSocket is closed',
      rationale:
        'when the process that owns a listen socket exits, an accept blocked in another process returns {error,closed}, a later connect is refused, and a socket accepted earlier by that other process stays open',
    },
    (b) => {
      const { owner, acceptor, c, L, C, A } = acceptedByOther(b);
      acceptor.accept('A2', L, 2000).nowait('blocked').expect(['error', 'closed']);
      b.wait(50);
      owner.exit('normal');
      b.join(['blocked'], 1000);
      acceptor.send(A, 'alive');
      c.recv(C, 0, 500).expect(['ok', bin('alive')]);
      // The socket backend closes the listener a moment after its owner's exit: let it finish
      // (seen: a connect right after the blocked accept returned was still accepted, about 1 run in 20).
      b.wait(100);
      c.connect('C3', LOOPBACK, L.port, P2, 500).expect(['error', 'econnrefused']);
    },
  ),
  scenario(
    'controlling-process.listen-socket-transfer',
    {
      title: 'a listen socket given to another process survives its first owner',
      section: 'gen_tcp:controlling_process/2',
      quote: 'Assigns a new controlling process Pid to Socket. The controlling process is the process that receives messages from the socket.',
      rationale:
        'controlling_process works on a listen socket: after the transfer the old owner can exit and the listener still accepts; the old owner can no longer transfer it',
    },
    (b) => {
      const { owner, next, c } = b.cast({ owner: 'subject', next: 'subject', c: 'peer' });
      const L = owner.listen('L', 0, ['binary', ['packet', 2], ['active', true]]);
      owner.controlling_process(L, next);
      owner.controlling_process(L, owner);
      owner.exit('normal');
      b.await(owner, until.exited(), 1000);
      const C = c.connect('C', LOOPBACK, L.port, P2, 500);
      const A = next.accept('A', L, 1000);
      c.send(C, 'hi');
      b.await(next, until.count(1), 1000);
      next.close(L);
      c.connect('C2', LOOPBACK, L.port, P2, 500);
    },
  ),
];
