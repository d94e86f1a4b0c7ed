import { gen_tcp, inet, receive, self, send, spawn, type Socket } from '../index.js';
import { client, request, server, start } from './client-server.js';

test('the manual client/server example transfers the binary', async () => {
  const [, lsock] = await gen_tcp.listen(0, ['binary', ['packet', 0], ['active', false]]);
  const [, port] = inet.port(lsock as Socket) as ['ok', number];
  const me = self();
  spawn(async () => send(me, ['received', await server(lsock as Socket)]));
  await client(port);
  expect(await receive((m) => Array.isArray(m) && m[0] === 'received', 5000)).toEqual(['received', Buffer.from('Some Data')]);
});

test('the manual acceptor pool answers concurrent clients', async () => {
  const port = await start(3, 0, (d) => d.toString().toUpperCase());
  const answers = await Promise.all(['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((m) => request(port, m)));
  expect(answers).toEqual(['A', 'BB', 'CCC', 'DDDD', 'EEEEE'].map((m) => ['ok', Buffer.from(m)]));
});
