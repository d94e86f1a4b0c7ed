/**
 * Loops on the subject: send until an error, recv until closed, re-arm {active, N} on each
 * tcp_passive. Each is one step the subject's actor runs to its end (bounded), on real Erlang
 * and on gentcp alike, so what the loop ends with is compared, not how a runner paced it.
 */
import { bin, fill, scenario, until } from '../builder.js';

/** One send's worth: small enough that a few dozen fill loopback's buffers, large enough to get there quickly. */
const CHUNK = 64 * 1024;

export default [
  scenario(
    'send-recv.loop-send-until-timeout',
    {
      title: 'Sending to a peer that does not read ends in {error,timeout} once the buffers are full',
      section: 'inet:setopts/2, option {send_timeout, Integer}',
      quote: 'Specifies a longest time to wait for a send operation to be accepted by the underlying TCP stack. When the limit is exceeded, the send operation returns {error,timeout}.',
      rationale: 'sends that the peer never reads succeed until the buffers are full, then one returns {error,timeout} after send_timeout (how many fit is the OS\'s business: the count is compared as a shape)',
      messages: { server: 'ignore' },
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', false], ['send_timeout', 200], ['send_timeout_close', false]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      server.stopReading(S);
      client.sendUntilError(C, fill(CHUNK), 1000).shape()
        .expect(['sent', 65, ['error', 'timeout']], { backends: ['inet'] })
        .expect(['sent', 64, ['error', ['timeout', bin('')]]], { backends: ['socket'] })
        .note('Count depends on the OS buffers');
      // Let the peer drain, so the close does not linger on the queued data.
      server.setopts(S, [['active', true], ['buffer', 1024 * 1024]]);
      client.close(C);
      b.await(server, until.closed(S), 3000);
    },
  ),
  scenario(
    'send-recv.loop-recv-until-closed',
    {
      title: 'recv(S, 0) in a loop returns every byte the peer sent, then {error,closed}',
      section: 'gen_tcp:recv/2,3',
      quote: 'Receives a packet from a socket in passive mode. A closed socket is indicated by return value {error, closed}.',
      rationale: 'a passive reader that loops on recv(S, 0) gets all of the peer\'s writes, however they were split, and then {error,closed} once the peer closed',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      server.sendSplits(S, ['abc', 'defgh', fill(3000), 'end'], 20);
      server.close(S);
      client.recvUntilClosed(C, 1000, 100).expect(['received', 3011, ['error', 'closed']]);
      client.recv(C, 0, 100)
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('still closed');
    },
  ),
  scenario(
    'send-recv.loop-rearm-active-n',
    {
      title: '{active, N} re-armed on each tcp_passive delivers every packet, N at a time',
      section: 'inet:setopts/2, option {active, true | false | once | N}',
      quote: 'Once the socket enters passive mode, to receive more messages setopts/2 must be called again to set the socket back into an active mode.',
      rationale: 'an owner that sets {active, 2} again on each tcp_passive gets the packets two by two, each pair followed by tcp_passive, and ends at its bound',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      // {packet, 2}: one message per send, however the segments arrive.
      const { C, S } = b.connectedPair({
        client,
        server,
        listen: ['binary', ['active', false], ['packet', 2]],
        connect: ['binary', ['packet', 2], ['active', 2]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      server.sendSplits(S, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'], 10).nowait('sends');
      client.rearmActive(C, 2, 2, 1000)
        .expect(['rearmed', 2, 'limit'])
        .note('re-armed twice, the third tcp_passive ends the loop');
      b.join(['sends'], 2000);
      client.getopts(C, ['active']);
    },
  ),
];
