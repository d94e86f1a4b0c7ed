import { LOOPBACK, scenario, until } from '../builder.js';

const section = 'gen_tcp:accept/1,2';
const quote =
  'The accept call does not have to be issued from the socket owner process. Using version 5.5.3 and higher of the emulator, multiple simultaneous accept calls can be issued from different processes, which allows for a pool of acceptor processes handling incoming connections.';

const P2 = ['binary', ['active', false], ['packet', 2]];

export default [
  scenario(
    'controlling-process.listen-socket-owner',
    {
      title: 'accept from a process that does not own the listener: it owns the accepted socket; the listener dies with its owner',
      section,
      quote,
      rationale:
        'a non-owner can accept; the accepted socket belongs to the acceptor (its messages go there, the listener\'s owner gets not_owner); when the listener\'s owner exits, a blocked accept returns {error,closed}, connects are refused, and the accepted socket stays open',
    },
    (b) => {
      const owner = b.subject('owner');
      const acceptor = b.subject('acceptor');
      const c = b.peer('c');
      const L = owner.listen('L', 0, ['binary', ['packet', 2], ['active', true]]);
      const C = c.connect('C', LOOPBACK, L.port, P2);
      const A = acceptor.accept('A', L, 1000);
      owner.controlling_process(A, owner);
      c.send(C, 'hi');
      b.await(acceptor, until.count(1), 1000);
      acceptor.accept('A2', L, 2000).nowait('blocked');
      b.wait(50);
      owner.exit('normal');
      b.join(['blocked'], 1000);
      acceptor.send(A, 'alive');
      c.recv(C, 0, 500);
      // The socket backend closes the listener a moment after its owner's exit: let it finish
      // (seen: a connect right after the blocked accept returned was still accepted, about 1 run in 20).
      b.wait(100);
      c.connect('C3', LOOPBACK, L.port, P2, 500);
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
      const owner = b.subject('owner');
      const next = b.subject('next');
      const c = b.peer('c');
      const L = owner.listen('L', 0, ['binary', ['packet', 2], ['active', true]]);
      owner.controlling_process(L, next);
      owner.controlling_process(L, owner);
      owner.exit('normal');
      b.wait(50);
      const C = c.connect('C', LOOPBACK, L.port, P2, 500);
      const A = next.accept('A', L, 1000);
      c.send(C, 'hi');
      b.await(next, until.count(1), 1000);
      next.close(L);
      c.connect('C2', LOOPBACK, L.port, P2, 500);
    },
  ),
];
