import { LOOPBACK, bin, scenario } from '../builder.js';

const section = 'gen_tcp:accept/1,2';
const quote =
  'Accepts an incoming connection request on a listening socket. Socket must be a socket returned from listen/2. Timeout specifies a time-out value in milliseconds. Defaults to infinity. Returns: {ok, Socket} if a connection is established {error, closed} if ListenSocket is closed {error, timeout} if no connection is established within the specified time';
const poolQuote =
  'The accept call does not have to be issued from the socket owner process. Using version 5.5.3 and higher of the emulator, multiple simultaneous accept calls can be issued from different processes, which allows for a pool of acceptor processes handling incoming connections.';

const passive = ['binary', ['active', false]];

export default [
  scenario(
    'backlog.accept-drains-queue',
    {
      title: 'accept takes queued connections in arrival order and frees a backlog slot each time',
      section,
      quote,
      rationale:
        'with {backlog,2} three connects complete and a 4th times out; each accept returns the oldest queued connection (its data proves which), and after one accept a new connect completes',
    },
    (b) => {
      const { server, c } = b.cast({ server: 'subject', c: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['backlog', 2]]);
      for (const n of [1, 2, 3]) {
        const C = c.connect(`C${n}`, LOOPBACK, L.port, passive, 500);
        c.send(C, `from C${n}`);
      }
      c.connect('C4', LOOPBACK, L.port, passive, 500).expect(['error', 'timeout']).note('the queue is full');
      const S1 = server.accept('S1', L, 500);
      server.recv(S1, 0, 500);
      const C5 = c.connect('C5', LOOPBACK, L.port, passive, 500);
      C5.expect(['ok', { sock: 'C5' }]).note('accept freed a slot');
      c.send(C5, 'from C5');
      for (const n of [2, 3, 5]) {
        const S = server.accept(`S${n}`, L, 500);
        server.recv(S, 0, 500);
      }
      server.accept('S6', L, 100).expect(['error', 'timeout']).note('the queue is empty');
    },
  ),
  scenario(
    'backlog.accept-zero-timeout',
    {
      title: 'accept(L, 0) with and without a connection waiting',
      section,
      quote,
      rationale:
        'accept with timeout 0 polls: nothing waiting gives {error,timeout}; with a connection queued, inet returns it but socket still gives {error,timeout} and leaves it for the next accept',
    },
    (b) => {
      const { server, c } = b.cast({ server: 'subject', c: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['backlog', 1]]);
      server.accept('A0', L, 0).expect(['error', 'timeout']).note('nothing waiting');
      const C1 = c.connect('C1', LOOPBACK, L.port, passive, 500);
      c.send(C1, 'queued');
      b.wait(50);
      server.accept('A1', L, 0)
        .expect(['ok', { sock: 'A1' }], { backends: ['inet'] })
        .expect(['error', 'timeout'], { backends: ['socket'] })
        .note('a connection is queued, and the timeout is 0');
      server.accept('A2', L, 0);
      server.accept('A3', L, 200)
        .expect(['error', 'timeout'], { backends: ['inet'] })
        .expect(['ok', { sock: 'A3' }], { backends: ['socket'] })
        .note('inet took the queued connection at A1; socket did not');
    },
  ),
  scenario(
    'backlog.client-gone-before-accept',
    {
      title: 'accept returns queued connections whose client already closed or reset',
      section,
      quote,
      rationale:
        'a connection that the client closed (FIN) or reset (RST) while still queued is still returned by accept, in order, with the data sent before the close, then {error,closed}',
    },
    (b) => {
      const { server, c } = b.cast({ server: 'subject', c: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['backlog', 3]]);
      const C1 = c.connect('C1', LOOPBACK, L.port, passive, 500);
      c.send(C1, 'then FIN');
      c.close(C1);
      const C2 = c.connect('C2', LOOPBACK, L.port, passive, 500);
      c.send(C2, 'then RST');
      c.reset(C2);
      const C3 = c.connect('C3', LOOPBACK, L.port, passive, 500);
      c.reset(C3);
      b.wait(50);
      const S1 = server.accept('S1', L, 500);
      server.recv(S1, 0, 500);
      server.recv(S1, 0, 500);
      const S2 = server.accept('S2', L, 500);
      server.recv(S2, 0, 500).expect(['ok', bin('then RST')]).note('data sent before the RST is not lost');
      server.recv(S2, 0, 500);
      const S3 = server.accept('S3', L, 500);
      server.recv(S3, 0, 500);
      server.send(S3, 'too late');
      server.accept('S4', L, 100).expect(['error', 'timeout']).note('nothing else was queued');
    },
  ),
  scenario(
    'backlog.concurrent-acceptors',
    {
      title: 'a pool of blocked acceptors is served in the order they called accept',
      section,
      quote: poolQuote,
      rationale:
        'acceptors blocked in accept from several processes each get one connection, first caller first; one whose timeout ran out takes none; closing the listener ends the still-blocked one with {error,closed} and leaves accepted sockets open',
    },
    (b) => {
      const { server, early } = b.cast({ server: 'subject', early: 'subject' });
      const pool = [1, 2, 3].map((n) => b.subject(`a${n}`));
      const { last, c } = b.cast({ last: 'subject', c: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['backlog', 1]]);
      early.accept('E', L, 200).ref.nowait('early-accept').expect(['error', 'timeout']).note('nobody has connected yet');
      b.wait(20);
      const S = pool.map((a, k) => {
        const s = a.accept(`S${k + 1}`, L, 2000);
        s.ref.nowait(`accept${k + 1}`);
        b.wait(20);
        return s;
      });
      last.accept('X', L, 2000).ref.nowait('last-accept');
      b.join(['early-accept'], 1000);
      b.wait(50);
      const C = [1, 2, 3].map((n) => {
        const Cn = c.connect(`C${n}`, LOOPBACK, L.port, passive, 500);
        c.send(Cn, `from C${n}`);
        return Cn;
      });
      b.join(['accept1', 'accept2', 'accept3'], 1000);
      pool.forEach((a, k) => a.recv(S[k]!, 0, 500));
      server.close(L);
      b.join(['last-accept'], 1000);
      pool[0]!.send(S[0]!, 'still open');
      c.recv(C[0]!, 0, 500);
      b.within('early-accept', 200, 150);
    },
  ),
];
