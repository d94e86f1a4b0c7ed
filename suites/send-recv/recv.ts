import { bin, fill, scenario, until } from '../builder.js';

const section = 'gen_tcp:recv/2,3';
const quote =
  'Argument Length is only meaningful when the socket is in raw mode and denotes the number of bytes to read. If Length is 0, all available bytes are returned. If Length > 0, exactly Length bytes are returned, or an error';

export default [
  scenario(
    'send-recv.recv-exact-length',
    {
      title: 'recv(S, N) returns exactly N bytes, gathered across several peer writes',
      section,
      quote,
      rationale: 'recv with Length > 0 waits for and joins separate TCP segments into exactly N bytes, and leaves the rest buffered for the next recv',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      server.sendSplits(S, ['ab', 'cde', 'fghijkl'], 40).nowait('splits');
      client.recv(C, 10, 1000).expect(['ok', bin('abcdefghij')]).note('spans the three writes');
      b.join(['splits'], 1000);
      client.recv(C, 1, 500).expect(['ok', bin('k')]).note('the first of the two bytes left over');
      client.recv(C, 1, 500);
      client.recv(C, 1, 100).expect(['error', 'timeout']).note('nothing left');
    },
  ),
  scenario(
    'send-recv.recv-zero-returns-buffered',
    {
      title: 'recv(S, 0) returns what is buffered, and waits when nothing is',
      section,
      quote,
      rationale: 'recv(S,0) returns every byte already received (several peer sends in one result), and blocks until the next data when the buffer is empty',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      server.send(S, 'one,');
      server.send(S, 'two,');
      server.send(S, 'three');
      b.wait(100);
      client.recv(C, 0, 500).expect(['ok', bin('one,two,three')]).note('all three sends');
      server.sendSplits(S, ['', 'late'], 100).nowait('late').expect('ok').note('an empty send, then 100 ms, then the data');
      client.recv(C, 0, 1000).id('waits').expect(['ok', bin('late')]).note('waits for the next data');
      b.join(['late'], 1000);
      b.within('waits', 100, 80);
    },
  ),
  scenario(
    'send-recv.recv-timeout',
    {
      title: 'recv with Timeout 0 and a short Timeout',
      section,
      quote: 'The optional Timeout parameter specifies a time-out in milliseconds. Defaults to infinity.',
      rationale: 'recv(S,N,0) returns {error,timeout} at once unless enough bytes are buffered; a timed-out recv(S,N,T) keeps the bytes it had for the next recv',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.recv(C, 0, 0).id('empty-0').expect(['error', 'timeout']).note('nothing buffered');
      server.send(S, 'abc');
      b.wait(50);
      client.recv(C, 5, 0).expect(['error', 'timeout']).note('only 3 of 5 bytes buffered');
      client.recv(C, 5, 150).id('short').expect(['error', 'timeout']).note('still only 3 of 5');
      client.recv(C, 2, 0).expect(['ok', bin('ab')]).note('the bytes were kept');
      client.recv(C, 0, 0).expect(['ok', bin('c')]).note('one byte is buffered');
      client.recv(C, 0, 0);
      b.within('empty-0', 0, 100);
      b.within('short', 150, 100);
    },
  ),
  scenario(
    'send-recv.recv-concurrent',
    {
      title: 'two processes call recv on one socket at the same time',
      section,
      quote: 'Receives a packet from a socket in passive mode.',
      rationale: 'inet answers a second concurrent recv with {error,ealready}; the socket backend queues it and serves the callers in order',
    },
    (b) => {
      const { owner, other, server } = b.cast({ owner: 'subject', other: 'subject', server: 'peer' });
      const { C, S } = b.connectedPair({
        client: owner,
        server,
        listen: ['binary', ['active', false]],
        connect: ['binary', ['active', false]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      owner.recv(C, 0, 1000).nowait('first');
      b.wait(50);
      other.recv(C, 0, 1000).nowait('second');
      b.wait(50);
      server.sendSplits(S, ['for first', 'for second'], 100);
      b.join(['first', 'second'], 1500);
    },
  ),
  scenario(
    'send-recv.recv-list-mode',
    {
      title: 'recv in list mode returns strings',
      section,
      quote: 'Packet = string() | binary() | HttpPacket',
      rationale: 'with the list option recv returns byte lists (exact Length and Length 0), and switching to binary mid-stream changes the next result',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['list', ['active', false]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      server.send(S, 'hello world\u0000\u00ff!');
      b.wait(50);
      client.recv(C, 5, 500);
      client.recv(C, 8, 500);
      client.setopts(C, ['binary']);
      client.recv(C, 0, 500);
    },
  ),
  scenario(
    'send-recv.closed-locally',
    {
      title: 'send, recv and close on a socket the subject already closed',
      section: 'gen_tcp:send/2, gen_tcp:recv/2,3, gen_tcp:close/1',
      quote: 'Reason = closed | timeout | inet:posix()',
      rationale: 'after close, send and recv return the backend\'s error and a second close returns ok (inet) or {error,closed} (socket)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connectTimeout: 1000, acceptTimeout: 1000 });
      client.close(C);
      client.send(C, 'after close');
      client.recv(C, 0, 100);
      client.recv(C, 5, 100);
      client.close(C);
      server.recv(S, 0, 500).expect(['error', 'closed']).note('the peer sees the close, no data');
    },
  ),
  scenario(
    'send-recv.large-transfer',
    {
      title: 'a 1 MiB transfer in each direction arrives intact',
      section,
      quote: 'Sends a packet on a socket.',
      rationale: '1 MiB sent in one send arrives complete and in order: the peer\'s merged messages and the subject\'s recv have the same length and digest',
      budgetMs: 10000,
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        listen: ['binary', ['active', true], ['buffer', 65536]],
        connectTimeout: 1000,
        acceptTimeout: 1000,
      });
      client.send(C, fill(1048576));
      b.await(server, until.data(S, 1048576), 5000);
      server.send(S, fill(1048576));
      client.recv(C, 1048576, 5000);
      client.recv(C, 0, 100).expect(['error', 'timeout']).note('nothing more');
    },
  ),
];
