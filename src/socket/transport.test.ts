/**
 * Transport.fd is read on every send, so it is cached per handle; a handle that is still
 * connecting has no fd yet (libuv makes the socket at connect), and that must not stick.
 */
import net from 'node:net';
import { once } from 'node:events';
import { Transport } from './transport.js';

test('fd: none while a connect to a name is being resolved, the socket fd once connected, none after destroy', async () => {
  const server = net.createServer((s) => s.on('error', () => undefined));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  // 'localhost' goes through the resolver first: the handle exists, its socket not yet.
  const conn = net.connect({ host: 'localhost', port, family: 4 });
  try {
    const t = new Transport(conn, 'stream');
    expect(t.fd).toBeUndefined();
    await once(conn, 'connect');
    const fd = t.fd;
    expect(typeof fd).toBe('number');
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(t.fd).toBe((conn as unknown as { _handle: { fd: number } })._handle.fd);
    conn.destroy();
    expect(t.fd).toBeUndefined();
  } finally {
    conn.destroy();
    server.close();
  }
});
