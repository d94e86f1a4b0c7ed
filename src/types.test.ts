/**
 * The types a TypeScript user works with. The static checks fail `tsc`
 * (npm run typecheck) when a type is wrong; the tests check that run time
 * agrees with what the types say.
 */
import { gen_tcp, receive, mailbox, inet, send, self, isSocketMessage, type Data, type HttpPacket, type Option, type Reason, type Socket, type SocketMessage } from './index.js';

/** True when A and B are the same type. */
type Eq<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`. */
const same = <T extends true>(): T => true as T;

// Never called: only the type checker runs these.
export async function staticChecks(): Promise<void> {
  const b = await gen_tcp.connect('localhost', 1, ['binary', ['packet', 0], ['active', false]]);
  if (b[0] === 'ok') {
    same<Eq<typeof b[1], Socket<Buffer>>>();
    const r = await gen_tcp.recv(b[1], 0);
    if (r[0] === 'ok') same<Eq<typeof r[1], Buffer>>();
    else same<Eq<typeof r[1], Reason>>();
  }
  // No mode option: list, Erlang's default.
  const l = await gen_tcp.connect('localhost', 1);
  if (l[0] === 'ok') same<Eq<typeof l[1], Socket<string>>>();
  // The last mode option wins.
  const l2 = await gen_tcp.connect('localhost', 1, ['binary', ['active', false], ['mode', 'list']]);
  if (l2[0] === 'ok') same<Eq<typeof l2[1], Socket<string>>>();
  // accept keeps the listening socket's type; http_bin delivers HttpPackets of Buffers.
  const h = await gen_tcp.listen(0, ['binary', ['packet', 'http_bin']]);
  if (h[0] === 'ok') {
    const a = await gen_tcp.accept(h[1]);
    if (a[0] === 'ok') same<Eq<typeof a[1], Socket<HttpPacket<Buffer>>>>();
  }
  const hl = await gen_tcp.listen(0, [['packet', 'http']]);
  if (hl[0] === 'ok') same<Eq<typeof hl[1], Socket<HttpPacket<string>>>>();
  const hd = await gen_tcp.connect('localhost', 1, ['binary', ['header', 2]]);
  if (hd[0] === 'ok') same<Eq<typeof hd[1], Socket<[...number[], Buffer] | string>>>();
  // An option list the checker cannot see into: any Data.
  const opts: Option[] = ['binary'];
  const u = await gen_tcp.listen(0, opts);
  if (u[0] === 'ok') same<Eq<typeof u[1], Socket<Data>>>();

  // A socket of one kind is not one of another, and every socket is a Socket.
  if (b[0] === 'ok' && l[0] === 'ok') {
    // @ts-expect-error a binary socket is not a list socket
    const wrong: Socket<string> = b[1];
    const any: Socket = b[1];
    void wrong;
    void any;
  }

  // receive narrows on m[0]; messages of one's own are named.
  const m = await receive();
  if (m !== undefined && m[0] === 'tcp') same<Eq<typeof m[2], Data>>();
  if (m !== undefined && m[0] === 'tcp_error') same<Eq<typeof m[2], Reason>>();
  same<Eq<typeof m, SocketMessage | undefined>>();
  const own = await receive<SocketMessage | ['go', number]>();
  if (own !== undefined && own[0] === 'go') same<Eq<typeof own[1], number>>();
  const guarded = await receive((x): x is ['go', number] => Array.isArray(x) && x[0] === 'go');
  same<Eq<typeof guarded, ['go', number] | undefined>>();
  same<Eq<Awaited<ReturnType<typeof receive<SocketMessage>>>, SocketMessage | undefined>>();
  const sm = await receive(isSocketMessage);
  same<Eq<typeof sm, SocketMessage | undefined>>();
  for await (const msg of mailbox()) same<Eq<typeof msg, SocketMessage>>();
}

describe('types and run time agree', () => {
  test('recv gives a Buffer on a binary socket and a string on a list socket, with no cast', async () => {
    const l = await gen_tcp.listen(0, ['binary', ['active', false]]);
    if (l[0] === 'error') throw new Error(`listen: ${String(l[1])}`);
    const p = inet.port(l[1]);
    if (p[0] === 'error') throw new Error('port');
    const bin = await gen_tcp.connect('localhost', p[1], ['binary', ['active', false]]);
    const list = await gen_tcp.connect('localhost', p[1], [['active', false]]);
    if (bin[0] === 'error' || list[0] === 'error') throw new Error('connect');
    const a1 = await gen_tcp.accept(l[1]);
    const a2 = await gen_tcp.accept(l[1]);
    if (a1[0] === 'error' || a2[0] === 'error') throw new Error('accept');
    expect(await gen_tcp.send(a1[1], 'to binary')).toBe('ok');
    expect(await gen_tcp.send(a2[1], 'to list')).toBe('ok');
    const rb = await gen_tcp.recv(bin[1], 0);
    const rl = await gen_tcp.recv(list[1], 0);
    if (rb[0] === 'error' || rl[0] === 'error') throw new Error('recv');
    const buf: Buffer = rb[1];
    const str: string = rl[1];
    expect(Buffer.isBuffer(buf)).toBe(true);
    expect(buf.toString()).toBe('to binary');
    expect(str).toBe('to list');
    for (const s of [bin[1], list[1], a1[1], a2[1], l[1]]) await gen_tcp.close(s);
  });

  test('an active socket delivers a SocketMessage that narrows on m[0]', async () => {
    const l = await gen_tcp.listen(0, ['binary', ['active', false]]);
    if (l[0] === 'error') throw new Error('listen');
    const p = inet.port(l[1]);
    if (p[0] === 'error') throw new Error('port');
    const c = await gen_tcp.connect('localhost', p[1], ['binary', ['active', true]]);
    const a = await gen_tcp.accept(l[1]);
    if (c[0] === 'error' || a[0] === 'error') throw new Error('connect');
    send(self(), ['go', 1]);
    await gen_tcp.send(a[1], 'hi');
    const m = await receive((x) => isSocketMessage(x) && x[0] === 'tcp' && x[1] === c[1], 1000);
    expect(m).toEqual(['tcp', c[1], Buffer.from('hi')]);
    expect(await receive<['go', number]>((x) => Array.isArray(x) && x[0] === 'go', 0)).toEqual(['go', 1]);
    for (const s of [c[1], a[1], l[1]]) await gen_tcp.close(s);
  });
});
