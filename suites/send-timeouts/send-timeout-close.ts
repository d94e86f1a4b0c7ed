import { bin, fill, scenario, until } from '../builder.js';
import { BIG, MORE, toIdlePeer } from './common.js';

const section = 'inet:setopts/2, option {send_timeout_close, Boolean}';
const quote =
  'Used together with send_timeout to specify whether the socket is to be automatically closed when the send operation returns {error,timeout}. The recommended setting is true, which automatically closes the socket. Defaults to false because of backward compatibility.';

export default [
  scenario(
    'send-timeouts.close-false-stays-open',
    {
      title: 'With send_timeout_close false the socket stays open after a send timeout',
      section,
      quote,
      rationale:
        'after a send timeout with send_timeout_close false, the next send waits send_timeout and times out again, recv still works, and close returns ok',
      messages: { server: 'shape' },
    },
    (b) => {
      const { client, server, C, S } = toIdlePeer(b, ['binary', ['active', false], ['send_timeout', 300], ['send_timeout_close', false]]);
      client.send(C, fill(BIG)).shape().id('fill');
      client.send(C, fill(MORE)).shape().id('timed');
      client.send(C, fill(MORE)).shape().id('again')
        .expect(['error', 'timeout'], { backends: ['inet'] })
        .expect(['error', ['timeout', bin('')]], { backends: ['socket'] })
        .note('the socket was not closed: this send waits send_timeout again');
      b.within('again', 300, 150);
      client.recv(C, 0, 50).expect(['error', 'timeout']).note('still open: nothing to read yet, so timeout, not closed');
      server.send(S, 'pong');
      client.recv(C, 0, 1000);
      client.getopts(C, ['send_timeout', 'send_timeout_close']);
      // Let the peer drain, so the inet close does not linger on the queued data.
      server.setopts(S, [['active', true], ['buffer', 1024 * 1024]]);
      client.close(C);
      b.await(server, until.closed(S), 3000);
    },
  ),
  scenario(
    'send-timeouts.close-true-closes',
    {
      title: 'With send_timeout_close true a send timeout closes the socket',
      section,
      quote,
      rationale:
        'the timed-out send returns plain {error,timeout} (no Rest, on both backends); then send, recv and close report a closed socket, each backend in its own words',
    },
    (b) => {
      const { client, C } = toIdlePeer(b, ['binary', ['active', false], ['send_timeout', 300], ['send_timeout_close', true]]);
      client
        .send(C, fill(BIG))
        .shape()
        .id('fill')
        .expect('ok', { backends: ['inet'] })
        .expect(['error', 'timeout'], { backends: ['socket'] })
        .note('inet queues it in the driver; socket times out and closes the socket');
      client.send(C, fill(MORE)).shape().id('timed')
        .expect(['error', 'timeout'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'] })
        .note('inet times out now and closes the socket');
      client.send(C, 'more');
      client.recv(C, 0, 50);
      client.getopts(C, ['send_timeout', 'send_timeout_close']);
      client.close(C);
    },
  ),
  scenario(
    'send-timeouts.close-true-peer-view',
    {
      title: 'send_timeout_close set by setopts: what the owner and a peer that reads again get',
      section,
      quote,
      rationale:
        'a send_timeout_close set by setopts closes the socket on timeout; the peer gets the bytes the OS had accepted, in order, then a normal close, and never the rest; the active owner gets no message (OTP 25/27; inet on OTP 29 sends {tcp_closed,C})',
      messages: { server: 'shape' },
    },
    (b) => {
      const { client, server, C, S } = toIdlePeer(b, ['binary', ['active', true], ['send_timeout', 300]]);
      client.setopts(C, [['send_timeout_close', true]]);
      client.send(C, 'hello');
      client.send(C, fill(BIG)).shape().id('fill');
      client.send(C, fill(MORE)).shape().id('timed');
      server.recv(S, 5, 1000).expect(['ok', bin('hello')]).note('the bytes accepted before the timeout are delivered');
      server.setopts(S, [['active', true], ['buffer', 1024 * 1024]]);
      b.await(server, until.closed(S), 3000, 'closed');
      // Counted from the start of the run: had every byte of the big send arrived?
      b.steps.push({ op: 'await', actor: 'server', until: until.data(S, BIG), timeout: 0, since: 'start', id: 'all-big' });
      b.wait(100);
    },
  ),
];
