import { gen_tcp, receive, self, send, spawn } from '../index.js';
import { clientToServer, request, start } from './client-server.js';

test('the manual client/server example transfers the binary', async () => {
  expect(await clientToServer()).toEqual(['received', Buffer.from('Some Data')]);
});

test('the manual acceptor pool answers concurrent clients, and goes with its owner', async () => {
  // The listen socket lives as long as the process that opened it: a process of the test's own,
  // stopped at the end, so no listener (and no accept poller) outlives the test.
  const me = self();
  const owner = spawn(async () => {
    send(me, ['pool', await start(3, 0, (d) => d.toString().toUpperCase())]);
    await receive((m) => m === 'stop');
  });
  const [, port] = (await receive((m) => Array.isArray(m) && m[0] === 'pool', 5000)) as ['pool', number];
  try {
    const answers = await Promise.all(['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((m) => request(port, m)));
    expect(answers).toEqual(['A', 'BB', 'CCC', 'DDDD', 'EEEEE'].map((m) => ['ok', Buffer.from(m)]));
  } finally {
    send(owner, 'stop');
  }
  // The pool is gone: a new client is refused.
  await new Promise((r) => setImmediate(r));
  expect(await gen_tcp.connect('localhost', port, [])).toEqual(['error', 'econnrefused']);
});
