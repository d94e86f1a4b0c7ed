/**
 * The gen_tcp reference manual's examples, ported: a client that sends a
 * binary and a server that receives it, and a server with a pool of acceptor
 * processes ({active, once}, {packet, 2}). Run: npx tsx src/examples/client-server.ts
 */
import { gen_tcp, inet, receive, self, send, spawn, type Socket } from '../index.js';

/** client() in the manual. */
export async function client(port: number): Promise<void> {
  const r = await gen_tcp.connect('localhost', port, ['binary', ['packet', 0]]);
  if (r[0] === 'error') throw new Error(`connect: ${String(r[1])}`);
  await gen_tcp.send(r[1], 'Some Data');
  await gen_tcp.close(r[1]);
}

/** server() in the manual: accept one connection and read until the peer closes. */
export async function server(lsock: Socket<Buffer>): Promise<Buffer> {
  const a = await gen_tcp.accept(lsock);
  if (a[0] === 'error') throw new Error(`accept: ${String(a[1])}`);
  const sock = a[1];
  const parts: Buffer[] = [];
  for (;;) {
    const r = await gen_tcp.recv(sock, 0);
    if (r[0] === 'ok') parts.push(r[1]);
    else break; // {error, closed}
  }
  await gen_tcp.close(sock);
  await gen_tcp.close(lsock);
  return Buffer.concat(parts);
}

/** start(Num, LPort) in the manual: Num acceptor processes on one listen socket; returns the port. */
export async function start(num: number, lport: number, process: (data: Buffer) => Buffer | string = (d) => d): Promise<number> {
  const r = await gen_tcp.listen(lport, [['active', false], ['packet', 2], 'binary']);
  if (r[0] === 'error') throw new Error(`listen: ${String(r[1])}`);
  const lsock = r[1];
  for (let i = 0; i < num; i++) spawn(() => acceptLoop(lsock, process));
  const p = inet.port(lsock);
  return p[0] === 'ok' ? p[1] : 0;
}

async function acceptLoop(lsock: Socket, process: (data: Buffer) => Buffer | string): Promise<void> {
  for (;;) {
    const r = await gen_tcp.accept(lsock);
    if (r[0] === 'error') return; // accept returned {error, closed} - goodbye
    await loop(r[1], process);
  }
}

async function loop(s: Socket, process: (data: Buffer) => Buffer | string): Promise<void> {
  for (;;) {
    inet.setopts(s, [['active', 'once']]);
    const msg = await receive((m) => Array.isArray(m) && m[1] === s);
    if (!Array.isArray(msg)) return;
    if (msg[0] === 'tcp') await gen_tcp.send(s, process(msg[2] as Buffer));
    else return; // {tcp_closed, S}
  }
}

/** client(PortNo, Message) in the manual: one request, one answer. */
export async function request(port: number, message: string): Promise<unknown> {
  const r = await gen_tcp.connect('localhost', port, [['active', false], ['packet', 2], 'binary']);
  if (r[0] === 'error') return r;
  await gen_tcp.send(r[1], message);
  const a = await gen_tcp.recv(r[1], 0);
  await gen_tcp.close(r[1]);
  return a;
}

/** The manual's first example end to end: a server process receives what client() sends; answers ['received', Data]. */
export async function clientToServer(): Promise<unknown> {
  const l = await gen_tcp.listen(0, ['binary', ['packet', 0], ['active', false]]);
  if (l[0] === 'error') throw new Error(`listen: ${String(l[1])}`);
  const lsock = l[1];
  const [, port] = inet.port(lsock) as ['ok', number];
  const me = self();
  spawn(async () => send(me, ['received', await server(lsock)]));
  await client(port);
  return receive((m) => Array.isArray(m) && m[0] === 'received', 5000);
}

// Run directly: the first example, then the acceptor pool answering in upper case.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await clientToServer());
  const poolPort = await start(3, 0, (d) => d.toString().toUpperCase());
  console.log(await request(poolPort, 'hello'));
  process.exit(0);
}
