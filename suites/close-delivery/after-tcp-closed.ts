import type { Scenario, TermIn } from '../../harness/scenario/schema.js';
import { scenario, until } from '../builder.js';

/**
 * The socket after {tcp_closed, S} has arrived, in each active mode, with
 * exit_on_close true and false: what getopts, controlling_process, setopts,
 * send and recv return, and which mailbox the queued data and tcp_closed
 * messages end up in. From OTP's gen_tcp_misc_SUITE:active_once_closed/1 and
 * controlling_process/1 (messages move with the socket).
 */
const section = 'inet:setopts/2, option {exit_on_close, Boolean}; gen_tcp:controlling_process/2';
const quote =
  'It is therefore safe to assume that message {tcp_closed,Socket}, possibly followed by socket port termination (depending on option exit_on_close) eventually appears when a socket changes back and forth between {active, true} and {active, false} mode. […] If the socket is set in active mode, this function will transfer any messages in the mailbox of the caller to the new controlling process.';

const modes: Array<{ name: string; active: TermIn; data: boolean }> = [
  { name: 'true', active: true, data: true },
  { name: 'once', active: 'once', data: false },
  { name: 'n', active: 3, data: true },
];

const cases: Scenario[] = modes.flatMap(({ name, active, data }) =>
  [true, false].map((eoc) =>
    // OTP: gen_tcp_misc_SUITE.erl, active_once_closed/1 (setopts after tcp_closed) and controlling_process/1.
    scenario(
      `close-delivery.after-closed-${name}-${eoc ? 'exit-on-close' : 'no-exit-on-close'}`,
      {
        title: `{active,${String(active)}}, {exit_on_close,${String(eoc)}}: the socket once {tcp_closed,S} is in the owner's mailbox`,
        section,
        quote,
        rationale: `after ${data ? 'the peer sends and closes' : 'the peer closes'} and {tcp_closed,S} has arrived in {active,${String(active)}} mode with exit_on_close ${String(eoc)}, getopts, controlling_process to another process, setopts {active,once}, send and recv each give the backend's answer, and the queued ${data ? 'data and ' : ''}tcp_closed messages stay with the old owner or move to the new one as controlling_process decides (from gen_tcp_misc_SUITE:active_once_closed and controlling_process)`,
      },
      (b) => {
        const { client, next } = b.cast({ client: 'subject', next: 'subject' });
        const { server, C, S } = b.connectedPair({
          client,
          listen: ['binary', ['active', false]],
          connect: ['binary', ['active', active], ['exit_on_close', eoc]],
        });
        if (data) server.send(S, 'data');
        server.close(S);
        b.await(client, until.closed(C), 1000);
        // The socket backend closes its socket a moment after tcp_closed (exit_on_close true,
        // OTP 27 and 29: getopts answers closed at once, einval once it is done): let it finish.
        b.wait(100);
        client.getopts(C, ['active', 'exit_on_close']);
        client.controlling_process(C, next);
        client.setopts(C, [['active', 'once']]);
        client.getopts(C, ['active']);
        client.send(C, 'x');
        client.recv(C, 0, 100);
        b.wait(50);
        client.flush().note('what stayed with the old owner');
        next.flush().note('what moved to the new owner');
      },
    ),
  ),
);

export default [
  ...cases,
  // OTP: gen_tcp_misc_SUITE.erl, active_once_closed/1.
  scenario(
    'close-delivery.closed-while-passive-rearm',
    {
      title: 'a close seen while passive: {active,false} says nothing, the first active setopts gives one tcp_closed, the next one einval',
      section: 'inet:setopts/2, option {active, true | false | once | N}',
      quote:
        'To simplify programming, a socket where the peer closed, and this is detected while in {active, false} mode, still generates message {tcp_closed,Socket} when set to {active, once}, {active, true}, or {active, N} mode.',
      rationale:
        'the peer closes while the socket is passive: setopts {active,false} is ok and sends nothing, {active,once} gives exactly one {tcp_closed,S}, a later {active,true} is {error,einval} and gives no second tcp_closed; send and recv then give the backend\'s after-close answers (from gen_tcp_misc_SUITE:active_once_closed)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        listen: ['binary', ['active', false], ['packet', 2]],
        connect: ['binary', ['active', false], ['packet', 2]],
      });
      server.send(S, 'Hello');
      client.recv(C, 0, 1000);
      server.close(S);
      b.wait(100);
      client.setopts(C, [['active', false]]);
      b.wait(50);
      client.flush().note('nothing while passive');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.closed(C), 1000);
      b.wait(100);
      client.setopts(C, [['active', true]]).note('{error,einval}: the socket is closed');
      b.wait(50);
      client.flush().note('one tcp_closed, no second');
      client.send(C, 'x');
      client.recv(C, 0, 100);
    },
  ),
];
