/**
 * inet:getstat/2 counters with packet headers, per backend and release. From
 * gen_tcp_misc_SUITE wrapping_oct (send_oct/recv_oct read back after each
 * transfer) and inet_drv.c, whose tcp_recv_deliver counts each delivered
 * packet with its header (inet_input_count(desc, len) before the header is
 * stripped); the socket backend (gen_tcp_socket) keeps its own counters.
 */
import { fill, list, scenario, until, type Builder, type Opts } from '../builder.js';

const section = 'inet:getstat/1,2';
const quote =
  'recv_avg: Average size of packets, in bytes, received by the socket. […] recv_cnt: Number of packets received by the socket. […] recv_max: Size of the largest packet, in bytes, received by the socket. […] recv_oct: Number of bytes received by the socket. […] send_avg: Average size of packets, in bytes, sent from the socket. […] send_cnt: Number of packets sent from the socket. […] send_max: Size of the largest packet, in bytes, sent from the socket. […] send_oct: Number of bytes sent from the socket. […] send_pend: Number of bytes waiting to be sent by the socket.';
const SEND = ['send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend'];
const RECV = ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg'];

/** A subject client and a peer, both with these options (a {packet,N} among them), the client active or not. */
function pair(b: Builder, framing: Opts, active: boolean) {
  return b.connectedPair({
    listen: ['binary', ['active', false], ...framing],
    connect: ['binary', ['active', active], ...framing],
    connectTimeout: 1000,
    acceptTimeout: 1000,
  });
}

export default [
  scenario(
    'inet-calls.getstat-send-packet-2',
    {
      title: 'getstat send counters with {packet,2}: are the 2-byte headers counted?',
      section,
      quote,
      rationale: 'after three {packet,2} sends of 100, 300 and 200 bytes, send_oct, send_cnt, send_max and send_avg count as the backend counts (header bytes included or not)',
    },
    (b) => {
      const { client, server, C, S } = pair(b, [['packet', 2]], false);
      client.send(C, fill(100));
      client.send(C, fill(300));
      client.send(C, fill(200));
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      client.getstat(C, SEND);
    },
  ),
  scenario(
    'inet-calls.getstat-send-packet-4-iolist',
    {
      title: 'getstat send counters with {packet,4} and iolist sends',
      section,
      quote,
      rationale: 'a {packet,4} send of an iolist of three binaries is one packet: send_cnt counts sends, and send_oct/send_max count as the backend counts the 4-byte header',
    },
    (b) => {
      const { client, server, C, S } = pair(b, [['packet', 4]], false);
      client.send(C, list(fill(10), fill(20), fill(30)));
      client.send(C, fill(1000));
      server.recv(S, 0, 1000);
      server.recv(S, 0, 1000);
      client.getstat(C, SEND);
    },
  ),
  scenario(
    'inet-calls.getstat-recv-packet-4',
    {
      title: 'getstat receive counters with {packet,4}, passive',
      section,
      quote,
      rationale: 'after three {packet,4} packets of 10, 500 and 40 bytes are read with recv, recv_cnt is 3 and recv_oct/recv_max/recv_avg count as the backend counts (4-byte headers included or not)',
    },
    (b) => {
      const { client, server, C, S } = pair(b, [['packet', 4]], false);
      client.getstat(C, RECV).note('fresh');
      server.send(S, fill(10));
      client.recv(C, 0, 1000);
      server.send(S, fill(500));
      client.recv(C, 0, 1000);
      server.send(S, fill(40));
      client.recv(C, 0, 1000);
      client.getstat(C, RECV);
    },
  ),
  scenario(
    'inet-calls.getstat-recv-packet-2-active',
    {
      title: 'getstat receive counters with {packet,2}, active',
      section,
      quote,
      rationale: 'three {packet,2} packets delivered as {tcp,..} messages are counted as the backend counts packets delivered in active mode',
    },
    (b) => {
      const { client, server, C, S } = pair(b, [['packet', 2]], true);
      server.send(S, fill(7));
      b.await(client, until.data(C, 7), 1000);
      server.send(S, fill(70));
      b.await(client, until.data(C, 70), 1000);
      server.send(S, fill(700));
      b.await(client, until.data(C, 700), 1000);
      client.getstat(C, RECV);
      client.getstat(C, SEND).note('nothing sent');
    },
  ),
  scenario(
    'inet-calls.getstat-recv-raw-split',
    {
      title: 'getstat receive counters when raw recv splits one arrival into three',
      section,
      quote,
      rationale: '30 bytes that arrived together, read as three recv(C,10) calls, give recv_oct 30 and the backend\'s recv_cnt and recv_max (per delivery or per read from the OS)',
    },
    (b) => {
      const { client, server, C, S } = pair(b, [], false);
      server.send(S, fill(30));
      b.wait(100);
      client.recv(C, 10, 1000);
      client.recv(C, 10, 1000);
      client.recv(C, 10, 1000);
      client.getstat(C, RECV);
    },
  ),
];
