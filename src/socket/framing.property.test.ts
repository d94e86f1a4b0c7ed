/**
 * Property: however TCP splits a valid framed stream, a gentcp socket in that
 * packet mode delivers the same packets as decoding the stream in one piece
 * (erlang:decode_packet/3 semantics), for every length-framed and delimited mode.
 */
import net from 'node:net';
import fc from 'fast-check';
import { gen_tcp, inet, type Socket } from '../index.js';
import { decode_packet } from '../packet/decode-packet.js';

type Mode = 1 | 2 | 4 | 'line' | 'asn1' | 'cdr' | 'sunrm' | 'fcgi' | 'tpkt';

const u = (n: number, size: number): Buffer => {
  const b = Buffer.alloc(size);
  b.writeUIntBE(n, 0, size);
  return b;
};

/** One valid packet of each mode, around a payload. */
const frame: Record<Mode, (p: Buffer) => Buffer> = {
  1: (p) => Buffer.concat([u(p.length, 1), p]),
  2: (p) => Buffer.concat([u(p.length, 2), p]),
  4: (p) => Buffer.concat([u(p.length, 4), p]),
  line: (p) => Buffer.concat([Buffer.from(p.toString('latin1').replace(/\n/g, ' '), 'latin1'), Buffer.from('\n')]),
  asn1: (p) => Buffer.concat([Buffer.from([0x04]), p.length < 128 ? u(p.length, 1) : Buffer.concat([Buffer.from([0x82]), u(p.length, 2)]), p]),
  cdr: (p) => Buffer.concat([Buffer.from('GIOP'), Buffer.from([1, 0, 0, 0]), u(p.length, 4), p]),
  sunrm: (p) => Buffer.concat([u(0x80000000 + p.length, 4), p]),
  fcgi: (p) => Buffer.concat([Buffer.from([1, 5]), u(1, 2), u(p.length, 2), Buffer.from([p.length % 8, 0]), p, Buffer.alloc(p.length % 8)]),
  tpkt: (p) => Buffer.concat([Buffer.from([3, 0]), u(p.length + 4, 2), p]),
};

const maxPayload: Record<Mode, number> = { 1: 255, 2: 2000, 4: 2000, line: 300, asn1: 2000, cdr: 2000, sunrm: 2000, fcgi: 2000, tpkt: 2000 };

/** The packets of a whole stream, decoded in one piece. */
function expected(mode: Mode, stream: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let rest = stream;
  for (;;) {
    const r = decode_packet(mode === 'line' ? 'line' : mode, rest, mode === 'line' ? [['line_length', 1 << 20]] : []);
    if (r[0] !== 'ok') return out;
    out.push(Buffer.from(r[1] as Buffer));
    rest = r[2];
  }
}

async function receivedVia(mode: Mode, chunks: Buffer[], count: number): Promise<Buffer[]> {
  const [, lsock] = await gen_tcp.listen(0, ['binary', ['active', false], ['packet', mode], ['buffer', 1 << 20]]);
  const [, port] = inet.port(lsock as Socket) as ['ok', number];
  const c = net.connect({ port, host: '127.0.0.1', noDelay: true });
  const [, s] = await gen_tcp.accept(lsock as Socket, 5000);
  for (const chunk of chunks) {
    c.write(chunk);
    await new Promise((r) => setImmediate(r));
  }
  const got: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const r = await gen_tcp.recv(s as Socket, 0, 5000);
    if (r[0] !== 'ok') throw new Error(`recv: ${JSON.stringify(r)}`);
    got.push(r[1] as Buffer);
  }
  c.destroy();
  await gen_tcp.close(s as Socket);
  await gen_tcp.close(lsock as Socket);
  return got;
}

/** A stream cut at arbitrary points. */
function split(stream: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, stream.length]) {
    if (p > prev) out.push(stream.subarray(prev, p));
    prev = p;
  }
  return out;
}

const MODES: Mode[] = [1, 2, 4, 'line', 'asn1', 'cdr', 'sunrm', 'fcgi', 'tpkt'];

describe.each(MODES)('{packet,%s}', (mode) => {
  test('any re-split of a framed stream gives the packets of one write', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: maxPayload[mode] }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((p) => frame[mode](Buffer.from(p))));
          const want = expected(mode, stream);
          const got = await receivedVia(mode, split(stream, cuts), want.length);
          expect(got.map((b) => b.toString('hex'))).toEqual(want.map((b) => b.toString('hex')));
        },
      ),
      { numRuns: 12 },
    );
  });
});
