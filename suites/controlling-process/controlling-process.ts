import { LOOPBACK, bin, list, raises, scenario, until, type Builder } from '../builder.js';

const section = 'gen_tcp:controlling_process/2';
const ownerQuote =
  'Assigns a new controlling process Pid to Socket. The controlling process is the process that receives messages from the socket. If called by any other process than the current controlling process, {error, not_owner} is returned. If the process identified by Pid is not an existing local pid, {error, badarg} is returned. {error, badarg} may also be returned in some cases when Socket is closed during the execution of this function.';
const mailboxQuote =
  'If the socket is set in active mode, this function will transfer any messages in the mailbox of the caller to the new controlling process. If any other process is interacting with the socket while the transfer is happening, the transfer may not work correctly and messages may remain in the caller\'s mailbox.';

const P2 = ['binary', ['active', false], ['packet', 2]];
const active = (mode: unknown) => ['binary', ['packet', 2], ['active', mode as never]];

/** client owns C ({active,true}, {packet,2}), other is a second subject process, server holds the peer end S. */
function withOther(b: Builder) {
  const { client, other, server } = b.cast({ client: 'subject', other: 'subject', server: 'peer' });
  return { other, ...b.connectedPair({ client, server, listen: P2, connect: active(true) }) };
}

export default [
  scenario(
    'controlling-process.not-owner',
    {
      title: 'only the owner may give a socket away, and the old owner loses that right',
      section,
      quote: ownerQuote,
      rationale:
        'controlling_process from a process that is not the owner returns {error,not_owner}, also for the old owner after a transfer, while the new owner can transfer back; a non-owner that names the current owner gets ok, as nothing changes hands',
    },
    (b) => {
      const { client, other, C } = withOther(b);
      other.controlling_process(C, other).expect(['error', 'not_owner']);
      other.controlling_process(C, client).expect('ok').note('it names the current owner');
      client.controlling_process(C, other).expect('ok');
      client.controlling_process(C, client).expect(['error', 'not_owner']).note('the old owner is no longer the owner');
      client.controlling_process(C, other).expect('ok').note('it names the current owner');
      other.controlling_process(C, client).expect('ok').note('the new owner gives it back');
      other.controlling_process(C, other).expect(['error', 'not_owner']).note('not the owner again');
    },
  ),
  scenario(
    'controlling-process.non-owner-send-setopts',
    {
      title: 'a process that is not the owner can still send on the socket and set its options',
      section,
      quote: 'Assigns a new controlling process Pid to Socket. The controlling process is the process that receives messages from the socket.',
      rationale:
        'only controlling_process is the owner\'s: another process can send (the peer gets the data) and set {active,once}, after which the owner, not the caller, gets the next message',
    },
    (b) => {
      const { client, other, server, C, S } = withOther(b);
      other.send(C, 'from a non-owner').expect('ok');
      server.recv(S, 0, 500).expect(['ok', bin('from a non-owner')]);
      other.setopts(C, [['active', 'once']]).expect('ok');
      client.getopts(C, ['active']).expect(['ok', list(['active', 'once'])]);
      server.send(S, 'to the owner');
      b.await(client, until.count(1), 1000);
      other.flush().expect(list());
    },
  ),
  scenario(
    'controlling-process.bad-arguments',
    {
      title: 'controlling_process with something that is not a pid, or not a socket, raises function_clause',
      section,
      quote: ownerQuote,
      rationale:
        'an atom where the pid belongs, or where the socket belongs, raises error:function_clause; {error,badarg} is for a pid that is not alive (controlling-process.dead-pid)',
    },
    (b) => {
      const { client, other, C } = withOther(b);
      client.controlling_process(C, 'not_a_pid').expect(raises('error', 'function_clause'));
      client.controlling_process('not_a_socket', other).expect(raises('error', 'function_clause'));
    },
  ),
  scenario(
    'controlling-process.dead-pid',
    {
      title: 'controlling_process to a pid that has exited: inet says badarg and keeps the socket, socket says ok and closes it',
      section,
      quote: ownerQuote,
      rationale:
        'giving a socket to a dead process: inet returns {error,badarg}, the caller stays owner and the socket stays open but is left in {active,false}; the socket backend returns ok and the socket closes with its dead owner (the peer sees the close)',
    },
    (b) => {
      const client = b.subject('client');
      const gone = b.subject('gone', { spawn: true });
      const server = b.peer('server');
      const { C, S } = b.connectedPair({ client, server, listen: P2, connect: active(true) });
      b.spawn(gone);
      gone.exit('normal');
      b.await(gone, until.exited(), 1000);
      client.controlling_process(C, gone);
      b.wait(50);
      client.getopts(C, ['active'])
        .expect(['ok', { list: [['active', 'false']] }], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('inet: the transfer left the socket passive');
      server.send(S, 'after');
      b.wait(50);
      client.flush();
      client.recv(C, 0, 300);
      client.send(C, 'still here?');
      server.recv(S, 0, 300);
    },
  ),
  scenario(
    'controlling-process.to-self',
    {
      title: 'the owner giving the socket to itself: ok, and nothing moves',
      section,
      quote: ownerQuote,
      rationale:
        'controlling_process(S, self()) by the owner returns ok; the messages already in its mailbox stay in order, the active mode is unchanged and later data still arrives',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: P2, connect: active(3) });
      server.send(S, 'm1');
      server.send(S, 'm2');
      b.await(client, until.count(2), 1000);
      client.controlling_process(C, client);
      client.getopts(C, ['active']);
      server.send(S, 'm3');
      b.await(client, until.passive(C), 1000);
      client.flush();
    },
  ),
  scenario(
    'controlling-process.moves-mailbox-active-true',
    {
      title: '{active,true}: the old owner\'s queued messages for the socket move to the new owner, in order; later data and the close follow',
      section,
      quote: mailboxQuote,
      rationale:
        'after the transfer the old owner has none of the socket\'s messages left (messages about its other socket stay), the new owner has them in the original order, then gets later data and {tcp_closed,S}; the old owner gets nothing more',
    },
    (b) => {
      const { client, next, server } = b.cast({ client: 'subject', next: 'subject', server: 'peer' });
      const { L, C, S } = b.connectedPair({ client, server, listen: P2, connect: active(true) });
      const K = client.connect('K', LOOPBACK, L.port, active(true));
      const SK = server.accept('SK', L, 2000);
      server.send(S, 'm1');
      server.send(S, 'm2');
      server.send(S, 'm3');
      b.await(client, until.count(3), 1000);
      server.send(SK, 'kept');
      b.await(client, until.count(1), 1000);
      client.controlling_process(C, next);
      client.flush().expect({ list: [['tcp', { sock: 'K' }, bin('kept')]] }).note('only the message of the other socket is left');
      next.flush();
      next.getopts(C, ['active']);
      server.send(S, 'm4');
      b.await(next, until.count(1), 1000);
      server.close(S);
      b.await(next, until.closed(C), 1000);
      next.flush();
      client.flush();
      client.close(K);
      server.recv(SK, 0, 500);
    },
  ),
  scenario(
    'controlling-process.moves-mailbox-active-once',
    {
      title: '{active,once}: the delivered message moves; the socket stays passive and the new owner re-arms it',
      section,
      quote: mailboxQuote,
      rationale:
        'the one message an {active,once} socket delivered moves to the new owner; the socket is still {active,false} for it; the next packet waits until the new owner sets {active,once} and then goes to it, never to the old owner',
    },
    (b) => {
      const { client, next, server } = b.cast({ client: 'subject', next: 'subject', server: 'peer' });
      const { C, S } = b.connectedPair({ client, server, listen: P2, connect: active('once') });
      server.send(S, 'm1');
      server.send(S, 'm2');
      b.await(client, until.count(1), 1000);
      b.wait(30);
      client.controlling_process(C, next);
      client.flush();
      next.getopts(C, ['active']);
      next.flush();
      next.setopts(C, [['active', 'once']]);
      b.await(next, until.count(1), 1000);
      next.flush();
      client.flush();
    },
  ),
  scenario(
    'controlling-process.active-n-passive-stays',
    {
      title: '{active,N}: data messages move to the new owner, {tcp_passive,S} stays with the old one',
      section,
      quote: mailboxQuote,
      rationale:
        'after {active,2} ran out, the transfer moves the two {tcp,S,_} messages but leaves {tcp_passive,S} in the old owner\'s mailbox; a new count set by the new owner sends its data and its tcp_passive to the new owner',
    },
    (b) => {
      const { client, next, server } = b.cast({ client: 'subject', next: 'subject', server: 'peer' });
      const { C, S } = b.connectedPair({ client, server, listen: P2, connect: active(2) });
      for (const m of ['m1', 'm2', 'm3']) server.send(S, m);
      b.await(client, until.passive(C), 1000);
      b.wait(30);
      client.controlling_process(C, next);
      client.flush();
      next.getopts(C, ['active']);
      next.flush();
      next.setopts(C, [['active', 1]]);
      b.await(next, until.passive(C), 1000);
      next.flush();
      client.flush();
    },
  ),
  scenario(
    'controlling-process.closed-socket',
    {
      title: 'controlling_process on a socket its owner closed',
      section,
      quote: 'Reason = closed | not_owner | badarg | inet:posix()',
      rationale:
        'after close, controlling_process returns an error whoever calls it and whatever the target (OTP 25: {error,closed}; socket backend on 27/29: {error,einval})',
    },
    (b) => {
      const { client, other, C } = withOther(b);
      client.close(C);
      client.controlling_process(C, other);
      client.controlling_process(C, client);
      other.controlling_process(C, other);
    },
  ),
  scenario(
    'controlling-process.after-peer-close',
    {
      title: 'controlling_process after the peer closed and {tcp_closed,S} is already in the owner\'s mailbox',
      section,
      quote: mailboxQuote,
      rationale:
        'once {tcp_closed,S} has arrived (exit_on_close true) the socket is closed: inet returns {error,closed} and the data and tcp_closed stay with the old owner; the socket backend differs by release (OTP 25: ok and both messages move; 27 and 29: {error,einval})',
    },
    (b) => {
      const { client, next, server } = b.cast({ client: 'subject', next: 'subject', server: 'peer' });
      const { C, S } = b.connectedPair({ client, server, listen: P2, connect: active(true) });
      server.send(S, 'bye');
      server.close(S);
      b.await(client, until.closed(C), 1000);
      b.wait(50);
      client.controlling_process(C, next)
        .expect(['error', 'closed'], { backends: ['inet'] })
        .expect('ok', { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('OTP 29 socket backend, called at once: {error,closed} about 1 run in 10, else einval; after 50 ms always einval');
      client.flush();
      next.flush();
    },
  ),
];
