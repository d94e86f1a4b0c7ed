/**
 * {delay_send, true}: sends are gathered in the driver queue and written
 * later. Its interplay with shutdown(write), close, send_timeout and getstat.
 * From gen_tcp_misc_SUITE delay_send_error (OTP-15536: a send error with
 * delay_send used to free twice) and default_options (do_delay_send_*).
 */
import { fill, scenario, until, type Actor, type Builder, type Opts, type Sock } from '../builder.js';

const section = 'inet:setopts/2, option {delay_send, Boolean}';
const quote =
  'Normally, when an Erlang process sends to a socket, the driver tries to send the data immediately. If that fails, the driver uses any means available to queue up the message to be sent whenever the operating system says it can handle it. Setting {delay_send, true} makes all messages queue up. The messages sent to the network are then larger but fewer.';
const MIB = 1024 * 1024;

/** A subject client with delay_send (and these options) and a peer with the same framing. */
function delayedPair(b: Builder, clientOpts: Opts, peerOpts: Opts = []) {
  return b.connectedPair({
    listen: ['binary', ['active', false], ...peerOpts],
    connect: ['binary', ...clientOpts, ['delay_send', true]],
    connectTimeout: 1000,
    acceptTimeout: 1000,
  });
}

/** Three {packet,1} sends, shutdown(write), then a send that fails. */
function sendsThenShutdown(client: Actor, C: Sock): void {
  client.send(C, 'hello');
  client.send(C, 'hello');
  client.send(C, 'hello');
  client.shutdown(C, 'write');
  client.send(C, 'hello').note('after shutdown(write)');
}

export default [
  scenario(
    'send-recv.delay-send-shutdown-write',
    {
      title: 'delay_send: sends, shutdown(write), then a send that fails (passive)',
      section,
      quote,
      rationale:
        'gen_tcp_misc_SUITE delay_send_error (passive): three {packet,1} sends reach the peer whole, a send after shutdown(write) returns {error,closed} (or the backend\'s shutdown error), and a later one the same',
    },
    (b) => {
      const { client, server, C, S } = delayedPair(b, [['active', false], ['packet', 1]], [['packet', 1], ['exit_on_close', false]]);
      sendsThenShutdown(client, C);
      b.wait(200);
      client.send(C, 'hello').note('again, after the gathered output had time to go');
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000).note('the FIN');
      client.getopts(C, ['delay_send']);
    },
  ),
  scenario(
    'send-recv.delay-send-shutdown-write-active',
    {
      title: 'delay_send: sends, shutdown(write), then a send that fails (active)',
      section,
      quote,
      rationale:
        'gen_tcp_misc_SUITE delay_send_error (active): as in passive mode, and the active owner gets no message from the failed send; the peer\'s reply and close still arrive',
    },
    (b) => {
      const { client, server, C, S } = delayedPair(b, [['active', true], ['packet', 1]], [['packet', 1], ['exit_on_close', false]]);
      sendsThenShutdown(client, C);
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000).note('the FIN');
      server.send(S, 'bye');
      server.close(S);
      b.await(client, until.closed(C), 1000);
    },
  ),
  scenario(
    'send-recv.delay-send-close-flushes',
    {
      title: 'delay_send: a close right after the sends still delivers every gathered byte',
      section,
      quote,
      rationale: 'gathered output is written before the close takes effect: the peer reads all of it, in order, then {error,closed}',
    },
    (b) => {
      const { client, server, C, S } = delayedPair(b, [['active', false]]);
      client.send(C, 'one,');
      client.send(C, 'two,');
      client.send(C, fill(10000));
      client.send(C, 'three');
      client.close(C);
      server.recv(S, 10013, 1000).note('every byte');
      server.recv(S, 0, 1000).note('then closed');
    },
  ),
  scenario(
    'send-recv.delay-send-getstat',
    {
      title: 'delay_send: getstat counts each gathered send once it went out',
      section: 'inet:getstat/1,2; inet:setopts/2, option {delay_send, Boolean}',
      quote: 'send_cnt: Number of packets sent from the socket. […] send_max: Size of the largest packet, in bytes, sent from the socket. […] send_oct: Number of bytes sent from the socket.',
      rationale:
        'with delay_send, after the peer has read everything, send_cnt counts each send call, send_oct the bytes and send_max the largest send, and send_pend is 0',
    },
    (b) => {
      const { client, server, C, S } = delayedPair(b, [['active', false]]);
      client.send(C, fill(100));
      client.send(C, fill(300));
      client.send(C, fill(200));
      server.recv(S, 600, 1000);
      client.getstat(C, ['send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend']);
    },
  ),
  scenario(
    'send-recv.delay-send-send-timeout',
    {
      title: 'delay_send with send_timeout: a peer that does not read',
      section: 'inet:setopts/2, options {delay_send, Boolean} and {send_timeout, Integer}',
      quote:
        'Specifies a longest time to wait for a send operation to be accepted by the underlying TCP stack. When the limit is exceeded, the send operation returns {error,timeout}.',
      rationale:
        'gathering does not change send_timeout: sends to a peer that does not read end in the backend\'s timeout error, and the socket still reports delay_send and send_timeout',
      messages: { server: 'ignore' },
    },
    (b) => {
      const { client, server, C, S } = delayedPair(b, [['active', false], ['sndbuf', 4096], ['send_timeout', 300]], [['recbuf', 4096]]);
      server.stopReading(S);
      client.send(C, fill(MIB)).shape().note('inet: ok, gathered; socket: {error,{timeout,Rest}}');
      client.send(C, fill(MIB)).shape().note('inet: {error,timeout}');
      client.getopts(C, ['delay_send', 'send_timeout']);
      server.setopts(S, [['active', true], ['buffer', MIB]]);
      client.close(C);
      b.await(server, until.closed(S), 3000);
    },
  ),
  scenario(
    'send-recv.delay-send-shutdown-queued',
    {
      title: 'delay_send: a send after shutdown(write) while gathered output is still queued',
      section: 'gen_tcp:shutdown/2; inet:setopts/2, option {delay_send, Boolean}',
      quote:
        'If the shutdown attempt is made while the inet-driver is sending buffered data in the background, the shutdown is postponed until all buffered data has been sent. The function immediately returns ok and the caller is not informed (that the shutdown has not yet been performed).',
      rationale:
        'with 1 MiB gathered for a peer that does not read (inet), shutdown(write) returns ok and the send after it {error,closed}; whether the peer then gets every queued byte before the close shows whether that failed send dropped the queue',
      messages: { server: 'ignore' },
    },
    (b) => {
      const { client, server, C, S } = delayedPair(b, [['active', false], ['sndbuf', 4096], ['send_timeout', 300]], [['recbuf', 4096]]);
      server.stopReading(S);
      client.send(C, fill(MIB)).shape().note('inet: ok, queued; socket: {error,{timeout,Rest}}');
      client.shutdown(C, 'write');
      client.send(C, 'after shutdown').shape();
      // No getstat here: on OTP 27/29 the socket backend answers getstat on a socket its failed send closed
      // with a bare #{rstates => [closed], wstates => [closed]} instead of an error tuple (an Erlang bug).
      server.setopts(S, [['active', true], ['buffer', MIB]]);
      b.await(server, until.data(S, MIB), 2000, 'all-queued');
      b.await(server, until.closed(S), 2000, 'fin');
    },
  ),
];
