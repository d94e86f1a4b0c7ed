import { LOOPBACK, bin, fill, scenario, until } from '../builder.js';
import { P2 } from './common.js';

const section = 'inet:setopts/2, option {active, true | false | once | N}';
const quote =
  'If the value is true, which is the default, everything received from the socket is sent as messages to the receiving process. If the value is false (passive mode), the process must explicitly receive incoming data by calling gen_tcp:recv/2,3';

export default [
  scenario(
    'active-modes.true-and-false',
    {
      title: 'active true is the default and delivers messages; active false leaves data for recv; back to true delivers what waits',
      section,
      quote,
      rationale:
        'a socket connected without an active option reports {active,true} and sends {tcp,S,Data}; after setopts {active,false} data is only returned by recv (no message); setopts {active,true} delivers data that waited in the buffer',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary'] });
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 'true']] }]).note('the default is true');
      server.send(S, 'one');
      b.await(client, until.data(C, 3), 1000);
      client.flush();
      client.setopts(C, [['active', false]]);
      client.getopts(C, ['active']);
      server.send(S, 'two');
      b.wait(50);
      client.flush().expect({ list: [] }).note('passive: no message');
      client.recv(C, 0, 500);
      client.recv(C, 0, 50).expect(['error', 'timeout']).note('nothing else is buffered');
      server.send(S, 'three');
      b.wait(50);
      client.setopts(C, [['active', true]]);
      b.await(client, until.data(C, 5), 1000);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('three')]] }).note('the data that waited while passive, once');
    },
  ),
  scenario(
    'active-modes.switch-raw-after-partial-recv',
    {
      title: 'raw mode: what a partial recv leaves behind is delivered exactly by the next active message',
      section,
      quote,
      rationale:
        'after recv(S,4) takes part of a buffered chunk, {active,once} delivers exactly the rest, and after another partial recv {active,true} delivers the rest again: no byte lost, repeated or reordered across mode switches',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      server.send(S, '0123456789');
      b.wait(50);
      client.recv(C, 4, 500);
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.data(C, 6), 1000);
      client.flush().expect({ list: [['tcp', { sock: 'C' }, bin('456789')]] }).note('exactly the 6 bytes the recv left');
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 'false']] }]).note('once is spent');
      server.send(S, 'abcdef');
      b.wait(50);
      client.recv(C, 2, 500);
      client.setopts(C, [['active', true]]);
      b.await(client, until.data(C, 4), 1000);
      client.flush();
      server.send(S, fill(3000));
      b.await(client, until.data(C, 3000), 1000);
    },
  ),
  scenario(
    'active-modes.switch-packet-buffered',
    {
      title: 'packet mode: six buffered packets read through recv, once, N, recv and true, in order',
      section,
      quote: `${quote} […] If the value is once ({active, once}), one data message from the socket is sent to the process. […] If the value is an integer N […] the value is added to the socket's count of data messages sent to the controlling process.`,
      rationale:
        'packets that wait while the socket is passive are handed out one per recv or per active message, across every mode switch, with none lost, repeated or reordered, and only N gives {tcp_passive,S}',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: P2, connect: P2 });
      for (const n of [1, 2, 3, 4, 5, 6]) server.send(S, `p${n}`);
      b.wait(50);
      client.recv(C, 0, 500);
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.count(1), 1000);
      client.setopts(C, [['active', 2]]);
      b.await(client, until.passive(C), 1000);
      client.recv(C, 0, 500);
      client.setopts(C, [['active', true]]);
      b.await(client, until.count(1), 1000);
      server.send(S, 'p7');
      b.await(client, until.count(1), 1000);
      client.flush();
      client.getopts(C, ['active']);
    },
  ),
  scenario(
    'active-modes.explicit-passive-then-read',
    {
      title: 'setopts {active,false} on an active socket, then recv and {active,true}: packets whole, timeouts kept',
      section,
      quote,
      rationale:
        'after an explicit {active,false} on an active socket, packets that arrive are whole and in order for recv and for the next active message, and a raw recv with nothing buffered times out on time (OTP 25 socket backend: recv returns two packets with the second header, the first message is <<>>, and the raw recv ignores its timeout until data comes)',
    },
    (b) => {
      const { client, server, L, C, S } = b.connectedPair({ listen: P2, connect: ['binary', ['active', true], ['packet', 2]] });
      const C2 = client.connect('C2', LOOPBACK, L.port, ['binary', ['active', true], ['packet', 2]]);
      const S2 = server.accept('S2', L, 2000);
      server.send(S, 'a1');
      b.await(client, until.count(1), 1000);
      client.setopts(C, [['active', false]]);
      server.send(S, 'a2');
      server.send(S, 'a3');
      b.wait(50);
      client.recv(C, 0, 200)
        .expect(['ok', bin('a2')], { backends: ['inet'] })
        .expect(['ok', bin("a2\u0000\u0002a3")], { backends: ['socket'], otp: ['25'] })
        .expect(['ok', bin('a2')], { backends: ['socket'], otp: ['27', '29'] });
      client.recv(C, 0, 100);
      server.send(S2, 'b1');
      b.await(client, until.count(1), 1000);
      client.setopts(C2, [['active', false]]);
      server.send(S2, 'b2');
      server.send(S2, 'b3');
      b.wait(50);
      client.setopts(C2, [['active', true]]);
      b.await(client, until.count(2), 1000);
      client.flush()
        .expect({ list: [['tcp', { sock: 'C' }, bin('a1')], ['tcp', { sock: 'C2' }, bin('b1')], ['tcp', { sock: 'C2' }, bin('b2')], ['tcp', { sock: 'C2' }, bin('b3')]] }, { backends: ['inet'] })
        .expect({ list: [['tcp', { sock: 'C' }, bin('a1')], ['tcp', { sock: 'C2' }, bin('b1')], ['tcp', { sock: 'C2' }, bin('')], ['tcp', { sock: 'C2' }, bin('b3')]] }, { backends: ['socket'], otp: ['25'] })
        .expect({ list: [['tcp', { sock: 'C' }, bin('a1')], ['tcp', { sock: 'C2' }, bin('b1')], ['tcp', { sock: 'C2' }, bin('b2')], ['tcp', { sock: 'C2' }, bin('b3')]] }, { backends: ['socket'], otp: ['27', '29'] });
      const { C: C3, S: S3 } = b.connectedPair({
        client,
        server,
        listen: ['binary', ['active', false]],
        connect: ['binary', ['active', true]],
        names: { listen: 'R', connect: 'C3', accept: 'S3' },
      });
      server.send(S3, 'r1');
      b.await(client, until.data(C3, 2), 1000);
      client.setopts(C3, [['active', false]]);
      client.recv(C3, 0, 200).nowait('raw-recv')
        .expect(['error', 'timeout'], { backends: ['inet'] })
        .expect(['ok', bin('r2')], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'timeout'], { backends: ['socket'], otp: ['27', '29'] })
        .note('OTP 25 socket backend: the 200 ms timeout is ignored, so the first join says pending');
      b.join(['raw-recv'], 600);
      server.send(S3, 'r2');
      b.join(['raw-recv'], 1000);
      client.recv(C3, 0, 500);
      client.flush();
    },
  ),
];
