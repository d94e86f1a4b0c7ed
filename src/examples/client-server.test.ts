import { gen_tcp, inet, receive, self, send, spawn } from '../index.js';
import { client, request, server, start } from './client-server.js';

test('the manual client/server example transfers the binary', async () => {
  const l = await gen_tcp.listen(0, ['binary', ['packet', 0], ['active', false]]);
  if (l[0] === 'error') throw new Error(`listen: ${String(l[1])}`);
  const lsock = l[1];
  const [, port] = inet.port(lsock) as ['ok', number];
  const me = self();
  spawn(async () => send(me, ['received', await server(lsock)]));
  await client(port);
  expect(await receive((m) => Array.isArray(m) && m[0] === 'received', 5000)).toEqual(['received', Buffer.from('Some Data')]);
});

test('the manual acceptor pool answers concurrent clients', async () => {
  const port = await start(3, 0, (d) => d.toString().toUpperCase());
  const answers = await Promise.all(['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((m) => request(port, m)));
  expect(answers).toEqual(['A', 'BB', 'CCC', 'DDDD', 'EEEEE'].map((m) => ['ok', Buffer.from(m)]));
});
