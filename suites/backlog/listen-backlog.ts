import { LOOPBACK, scenario, until } from '../builder.js';

const section = 'gen_tcp:listen/2, option {backlog, B}';
const quote =
  'B is an integer >= 0. The backlog value defines the maximum length that the queue of pending connections can grow to. Defaults to 5.';

export default [
  scenario(
    'backlog.one-no-accept',
    {
      title: '{backlog,1} and no accept: which connects complete, and what closing the listener does to them',
      section,
      quote,
      rationale:
        'with {backlog,1} and nobody accepting, exactly 2 connects complete and the 3rd times out; closing the listener resets the queued, never-accepted connections',
    },
    (b) => {
      const { server, c } = b.cast({ server: 'subject', c: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['backlog', 1]]);
      const C1 = c.connect('C1', LOOPBACK, L.port, ['binary', ['active', false], ['show_econnreset', true]], 500);
      const C2 = c.connect('C2', LOOPBACK, L.port, ['binary', ['active', true]], 500);
      c.connect('C3', LOOPBACK, L.port, ['binary', ['active', false]], 500)
        .expect(['error', 'timeout']).note('the queue is full: the SYN is dropped');
      server.close(L);
      c.recv(C1, 0, 500).expect(['error', 'econnreset']).note('an RST, not a FIN: the queued connection is reset');
      b.await(c, until.closed(C2), 500);
    },
  ),
  scenario(
    'backlog.zero-no-accept',
    {
      title: '{backlog,0}: one connect completes, the next waits for an accept',
      section,
      quote,
      rationale:
        '{backlog,0} is a real queue of one (not "the default" or "unlimited"): a 2nd connect times out until accept takes the first, then a new connect completes',
    },
    (b) => {
      const { server, c } = b.cast({ server: 'subject', c: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false], ['backlog', 0]]);
      const C1 = c.connect('C1', LOOPBACK, L.port, ['binary', ['active', false]], 500);
      c.send(C1, 'first');
      c.connect('C2', LOOPBACK, L.port, ['binary', ['active', false]], 500)
        .expect(['error', 'timeout'])
        .note('the queue already holds one connection');
      const S1 = server.accept('S1', L, 500);
      server.recv(S1, 0, 500);
      const C3 = c.connect('C3', LOOPBACK, L.port, ['binary', ['active', false]], 500);
      C3.expect(['ok', { sock: 'C3' }]).note('accept freed the slot');
      c.send(C3, 'third');
      c.connect('C4', LOOPBACK, L.port, ['binary', ['active', false]], 300).expect(['error', 'timeout']).note('full again');
      const S3 = server.accept('S3', L, 500);
      server.recv(S3, 0, 500);
    },
  ),
];
