/**
 * inet:monitor/1 and inet:cancel_monitor/1: the DOWN message a socket's monitors get when
 * it goes, on each backend and release. inet monitors the port (type port, the port's exit
 * reason: normal after close/1, the owner's exit reason, or the error it closed on); the
 * socket backend monitors the socket module's socket (type socket, reason closed). From
 * OTP's gen_tcp_misc_SUITE socket_monitor1/1 (close), socket_monitor1_manyc/1 (several
 * monitors), socket_monitor1_demon_after/1 (cancel), socket_monitor2/1 (the owner exits),
 * and inet.erl monitor/1 and cancel_monitor/1.
 */
import { raises, scenario, until, type Builder } from '../builder.js';

const section = 'inet:monitor/1';
const quote =
  "Start monitor the socket Socket. […] {'DOWN', MonitorRef, Type, Object, Info} […] Making several calls to inet:monitor/1 for the same Socket is not an error; it results in as many independent monitoring instances.";
const cancelSection = 'inet:cancel_monitor/1';
const cancelQuote = 'If MRef is a reference that the calling process obtained by calling monitor/1, this monitor is turned off. If the monitoring is already turned off, nothing happens. […] It is an error if MRef refers to a monitor started by another process.';

/** A connected pair whose client end (the subject's C) is watched by a second subject actor. */
function watched(b: Builder, connect: Array<string | [string, unknown]> = ['binary', ['active', false]]) {
  const { client, watcher } = b.cast({ client: 'subject', watcher: 'subject' });
  const pair = b.connectedPair({ client, connect: connect as never });
  return { ...pair, watcher };
}

export default [
  scenario(
    'inet-calls.monitor-close',
    {
      title: "close/1: every monitor of the socket gets its 'DOWN'",
      section,
      quote,
      rationale:
        "two monitors of one connected socket and one of its listener each get {'DOWN', Ref, Type, Socket, Reason} once the socket is closed: port and normal on inet, socket and closed on the socket backend (gen_tcp_misc_SUITE socket_monitor1, socket_monitor1_manyc)",
    },
    (b) => {
      const { client, watcher, C } = watched(b);
      const L2 = client.listen('L2', 0, ['binary', ['active', false]]);
      const M1 = watcher.monitor('M1', C);
      const M2 = watcher.monitor('M2', C);
      const ML = client.monitor('ML', L2);
      client.close(C);
      b.await(watcher, until.down(M2), 1000);
      client.close(L2);
      b.await(client, until.down(ML), 1000);
      b.wait(50);
      watcher.flush().note("both 'DOWN's, in the order the monitors were made");
      client.flush();
      watcher.cancel_monitor(M1).note("the monitor fired: nothing to cancel");
    },
  ),
  scenario(
    'inet-calls.monitor-closed-socket',
    {
      title: 'monitor a socket already closed: the DOWN comes at once',
      section,
      quote,
      rationale: "inet:monitor/1 on a closed socket still returns a reference, and the 'DOWN' follows at once with noproc (inet: no such port) or nosock (socket backend)",
    },
    (b) => {
      const { client, watcher, C } = watched(b);
      client.close(C);
      const M = watcher.monitor('M', C);
      b.await(watcher, until.down(M), 1000);
      watcher.flush();
    },
  ),
  ...(['boom', 'normal', 'kill'] as const).map((why) =>
    scenario(
      `inet-calls.monitor-owner-exit-${why}`,
      {
        title: `the owner exits (${why}): the socket goes with it, and its monitors are told why`,
        section,
        quote,
        rationale: `a socket closes when its owner exits; a port's 'DOWN' carries the owner's exit reason (${why === 'kill' ? 'killed' : why}), the socket backend's says closed (gen_tcp_misc_SUITE socket_monitor2)`,
      },
      (b) => {
        const { client, watcher, C } = watched(b);
        watcher.monitor('M', C);
        if (why === 'kill') b.kill(client, 'kill');
        else client.exit(why);
        b.await(client, until.exited(), 1000);
        b.await(watcher, until.count(1), 1000);
        watcher.flush();
      },
    ),
  ),
  scenario(
    'inet-calls.monitor-owner-moved',
    {
      title: 'controlling_process moves the socket: the old owner exiting does not close it',
      section,
      quote,
      rationale: "after controlling_process to another process, the old owner's exit is nothing to the socket: no 'DOWN'; the new owner's close/1 is",
    },
    (b) => {
      const { client, watcher, C } = watched(b);
      const M = watcher.monitor('M', C);
      client.controlling_process(C, watcher);
      client.exit('boom');
      b.await(client, until.exited(), 1000);
      b.wait(50);
      watcher.flush().note('nothing yet');
      watcher.close(C);
      b.await(watcher, until.down(M), 1000);
      watcher.flush();
    },
  ),
  scenario(
    'inet-calls.monitor-peer-close-active',
    {
      title: 'the peer closes an active socket with exit_on_close: tcp_closed, then the socket goes',
      section,
      quote,
      rationale:
        "with {active,true} and exit_on_close true, the peer's close gives {tcp_closed,S} and then the socket's end: a 'DOWN' normal (inet) or closed (socket backend 27 and 29); the OTP 25 socket backend keeps its socket, so its monitor says nothing until close/1",
    },
    (b) => {
      const { client, watcher, server, C, S } = watched(b, ['binary', ['active', true]]);
      const M = watcher.monitor('M', C);
      server.close(S);
      b.await(client, until.closed(C), 1000);
      b.wait(100);
      watcher.flush().note("the 'DOWN' of exit_on_close, where the socket closes itself");
      client.close(C);
      b.wait(50);
      watcher.flush().note("where the socket was still open, close/1's 'DOWN'");
      watcher.cancel_monitor(M);
    },
  ),
  ...[
    {
      end: 'close' as const,
      title: 'the peer closes a passive socket: recv says closed; whether the socket goes with it',
      rationale:
        "recv returning {error,closed} after the peer's FIN leaves the inet port open (no 'DOWN' until close/1); the socket backend's exit_on_close closes its socket there on OTP 27 and 29 ('DOWN' closed), not on 25",
    },
    {
      end: 'reset' as const,
      title: 'the peer resets a passive socket: recv says closed; whether the socket goes with it',
      rationale: "an RST seen by recv leaves the inet port open (no 'DOWN'), and closes the socket backend's socket on every release ('DOWN' closed)",
    },
  ].map(({ end, title, rationale }) =>
    scenario(`inet-calls.monitor-peer-${end}-passive`, { title, section, quote, rationale }, (b) => {
      const { client, watcher, server, C, S } = watched(b);
      watcher.monitor('M', C);
      if (end === 'reset') server.reset(S);
      else server.close(S);
      client.recv(C, 0, 1000);
      b.wait(100);
      watcher.flush().note("a 'DOWN' only where recv's end closed the socket");
      client.close(C);
      b.wait(50);
      watcher.flush().note("close/1's, where it was still open");
    }),
  ),
  scenario(
    'inet-calls.monitor-exit-on-close-false',
    {
      title: '{exit_on_close,false}: the peer closes, the socket stays until close/1',
      section,
      quote,
      rationale: "with exit_on_close false the socket outlives the peer's close, so its 'DOWN' comes from close/1 only",
    },
    (b) => {
      const { watcher, client, server, C, S } = watched(b, ['binary', ['active', true], ['exit_on_close', false]]);
      const M = watcher.monitor('M', C);
      server.close(S);
      b.await(client, until.closed(C), 1000);
      b.wait(50);
      watcher.flush().note('nothing: the socket is still open');
      client.close(C);
      b.await(watcher, until.down(M), 1000);
      watcher.flush();
    },
  ),
  scenario(
    'inet-calls.monitor-packet-too-big',
    {
      title: 'an active socket refuses a packet over packet_size: the port exits emsgsize',
      section,
      quote,
      rationale:
        "{packet,2} with packet_size 10 and a 50-byte header: inet delivers tcp_error emsgsize and tcp_closed and the port exits with emsgsize (its 'DOWN' says so); the socket backend sends tcp_error and keeps its socket",
    },
    (b) => {
      const { watcher, client, server, C, S } = watched(b, ['binary', ['active', false], ['packet', 2], ['packet_size', 10]]);
      watcher.monitor('M', C);
      server.send(S, { bin: '\x00\x32abc' });
      client.setopts(C, [['active', true]]);
      b.await(client, until.error(C), 1000);
      b.wait(100);
      client.flush();
      watcher.flush();
    },
  ),
  scenario(
    'inet-calls.monitor-cancel',
    {
      title: 'cancel_monitor: true once, then false; a cancelled monitor stays silent',
      section: cancelSection,
      quote: cancelQuote,
      rationale: "cancel_monitor returns true for an active monitor and false after; once cancelled, close/1 sends that monitor no 'DOWN', while another monitor of the socket still gets one (gen_tcp_misc_SUITE socket_monitor1_demon_after)",
    },
    (b) => {
      const { watcher, client, C } = watched(b);
      const M1 = watcher.monitor('M1', C);
      const M2 = watcher.monitor('M2', C);
      watcher.cancel_monitor(M1);
      watcher.cancel_monitor(M1).note('again');
      client.close(C);
      b.await(watcher, until.down(M2), 1000);
      b.wait(50);
      watcher.flush().note("M2's 'DOWN' only");
      watcher.cancel_monitor(M2).note('after its DOWN');
    },
  ),
  scenario(
    'inet-calls.monitor-cancel-by-another',
    {
      title: "cancel_monitor from a process that did not make the monitor",
      section: cancelSection,
      quote: cancelQuote,
      rationale:
        "another process's cancel_monitor leaves the monitor in place: false on inet (erlang:demonitor of a foreign monitor) and on the socket backend 27 and 29; socket 25's socket:cancel_monitor raises error:badarg",
    },
    (b) => {
      const { watcher, client, C } = watched(b);
      const M = watcher.monitor('M', C);
      // The reference travels as data: the client actor cancels the watcher's monitor.
      client.cancel_monitor(M).expect(false, { backends: ['inet'] }).expect(false, { backends: ['socket'], otp: ['27', '29'] }).expect(raises('error', 'badarg'), { backends: ['socket'], otp: ['25'] });
      client.close(C);
      b.await(watcher, until.down(M), 1000);
      watcher.flush();
    },
  ),
  scenario(
    'inet-calls.monitor-bad-args',
    {
      title: 'monitor of what is not a socket, cancel_monitor of what is not a reference',
      section,
      quote,
      rationale: "inet:monitor/1 and inet:cancel_monitor/1 raise error:badarg for an argument of the wrong type, on every backend and release",
    },
    (b) => {
      const { client } = b.cast({ client: 'subject' });
      client.call('monitor', 'nope').expect(raises('error', 'badarg'));
      client.call('monitor', 80).expect(raises('error', 'badarg'));
      client.cancel_monitor('nope').expect(raises('error', 'badarg'));
    },
  ),
];
