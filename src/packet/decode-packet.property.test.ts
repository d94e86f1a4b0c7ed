/**
 * Incremental framing equals whole-stream framing, for every packet type:
 * a stream cut at arbitrary points and fed piece by piece (decode what is
 * complete, keep the rest, append the next piece) gives the same packets,
 * and the same final state (error, or the same unframed bytes), as decoding
 * the whole stream at once. Checked for decode_packet driven by hand and for
 * PacketFramer.
 */
import fc from 'fast-check';
import { jest } from '@jest/globals';
import { decode_packet, PacketDecoder, type Packet, type PacketOption, type PacketType } from './decode-packet.js';
import { PacketFramer } from './framer.js';

interface Outcome {
  packets: Packet[];
  /** 'error' after an {error, invalid}; otherwise the bytes left unframed. */
  end: 'error' | Buffer;
}

function whole(type: PacketType, stream: Buffer, opts: PacketOption[]): Outcome {
  const packets: Packet[] = [];
  let buf = stream;
  for (;;) {
    const r = decode_packet(type, buf, opts);
    if (r[0] === 'error') return { packets, end: 'error' };
    if (r[0] === 'more') return { packets, end: buf };
    packets.push(r[1]);
    buf = r[2];
  }
}

function byHand(type: PacketType, pieces: Buffer[], opts: PacketOption[]): Outcome {
  const packets: Packet[] = [];
  let buf: Buffer = Buffer.alloc(0);
  for (const piece of pieces) {
    buf = Buffer.concat([buf, piece]);
    for (;;) {
      const r = decode_packet(type, buf, opts);
      if (r[0] === 'error') return { packets, end: 'error' };
      if (r[0] === 'more') break;
      packets.push(r[1]);
      buf = r[2];
    }
  }
  return { packets, end: buf };
}

function framed(type: PacketType, pieces: Buffer[], opts: PacketOption[]): Outcome {
  const packets: Packet[] = [];
  const f = new PacketFramer(type, opts);
  for (const piece of pieces) {
    f.push(piece);
    for (const r of f.drain()) {
      if (r[0] === 'error') return { packets, end: 'error' };
      packets.push(r[1]);
    }
  }
  expect(f.bufferedBytes).toBe(f.peekBuffered().length);
  return { packets, end: f.peekBuffered() };
}

function cut(stream: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => (stream.length === 0 ? 0 : p % (stream.length + 1))))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let prev = 0;
  for (const p of [...at, stream.length]) {
    pieces.push(stream.subarray(prev, p));
    prev = p;
  }
  return pieces;
}

/** Raw packets are whatever has arrived: compare the bytes, not the boundaries. */
function flatten(o: Outcome): unknown {
  return { bytes: Buffer.concat(o.packets as Buffer[]), end: o.end };
}

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** One well-formed frame of each type. */
const frames: Record<string, fc.Arbitrary<Buffer>> = {
  raw: bytes(20),
  '1': bytes(40).map((b) => Buffer.concat([Buffer.from([b.length]), b])),
  '2': bytes(300).map((b) => Buffer.concat([u16(b.length), b])),
  '4': bytes(300).map((b) => Buffer.concat([u32(b.length), b])),
  sunrm: fc.tuple(fc.boolean(), bytes(40)).map(([last, b]) => Buffer.concat([u32((last ? 0x80000000 : 0) + b.length), b])),
  asn1: fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 0x1e }), bytes(127)).map(([tag, b]) => Buffer.concat([Buffer.from([tag, b.length]), b])),
    fc.tuple(fc.integer({ min: 1, max: 4 }), bytes(300)).map(([k, b]) => {
      const len = Buffer.alloc(k);
      len.writeUIntBE(b.length, 0, k);
      return Buffer.concat([Buffer.from([0x04, 0x80 | k]), len, b]);
    }),
    fc.tuple(fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 }), fc.integer({ min: 0, max: 0x7f }), bytes(20)).map(([more, last, b]) =>
      Buffer.concat([Buffer.from([0x1f, ...more, last, b.length]), b]),
    ),
    fc.constant(Buffer.from([0x30, 0x80])), // indefinite length: the header alone is the packet
  ),
  cdr: fc.tuple(fc.integer({ min: 0, max: 3 }), bytes(60)).map(([flags, b]) => {
    const h = Buffer.from([0x47, 0x49, 0x4f, 0x50, 1, 2, flags, 0, 0, 0, 0, 0]);
    if (flags & 1) h.writeUInt32LE(b.length, 8);
    else h.writeUInt32BE(b.length, 8);
    return Buffer.concat([h, b]);
  }),
  fcgi: fc.tuple(bytes(60), fc.integer({ min: 0, max: 20 })).map(([b, pad]) =>
    Buffer.concat([Buffer.from([1, 5, 0, 1]), u16(b.length), Buffer.from([pad, 0]), b, Buffer.alloc(pad, 0x70)]),
  ),
  tpkt: bytes(60).map((b) => Buffer.concat([Buffer.from([3, 0]), u16(b.length + 4), b])),
  ssl_tls: fc.tuple(fc.integer({ min: 20, max: 23 }), bytes(60)).map(([t, b]) => Buffer.concat([Buffer.from([t, 3, 3]), u16(b.length), b])),
  line: fc
    .tuple(fc.uint8Array({ maxLength: 20 }), fc.boolean())
    .map(([b, crlf]) => Buffer.concat([Buffer.from(b.filter((x) => x !== 10)), Buffer.from(crlf ? '\r\n' : '\n')])),
};

const token = fc.constantFrom('GET', 'POST', 'get', ' ', ' ', '\t', '/', '/a?b', '*', 'http://h:80/x', 'HTTP/1.1', 'HTTP/1.0', '200', 'OK', 'Host', 'content-length', 'X-Y', ':', ': ', 'v', '\u00e9');
const httpLine = fc.tuple(fc.array(token, { maxLength: 6 }), fc.constantFrom('\r\n', '\n')).map(([t, end]) => Buffer.from(t.join('') + end, 'latin1'));
const headerLine = fc
  .tuple(fc.constantFrom('Host', 'content-type', 'X-Foo', 'a'), fc.array(fc.constantFrom('v', ' ', 'w', '\t'), { maxLength: 5 }), fc.constantFrom('', '\r\n ', '\r\n\tmore'), fc.constantFrom('\r\n', '\n'))
  .map(([name, value, cont, end]) => Buffer.from(`${name}: ${value.join('')}${cont}${end}`, 'latin1'));
const headerBlock = fc.tuple(fc.array(headerLine, { maxLength: 5 }), fc.constantFrom('\r\n', '\n')).map(([hs, end]) => Buffer.concat([...hs, Buffer.from(end)]));
frames.http = httpLine;
frames.http_bin = httpLine;
frames.httph = headerBlock;
frames.httph_bin = headerBlock;

/**
 * Options under which decode_packet/3 itself answers differently for a
 * prefix of the data than for all of it (see the quirk tests below):
 * http types with a limit of 1 ("\r\n" exactly is accepted before the limit
 * is checked, "\r" alone is over it), and line with a line_length of at most
 * packet_size (a line longer than packet_size is an error when its delimiter
 * is in the buffer, but is cut into line_length pieces while it is not).
 */
function prefixSensitive(type: PacketType, opts: PacketOption[]): boolean {
  const get = (k: string) => opts.filter((o) => o[0] === k).reduce((_, o) => o[1], 0);
  const ps = get('packet_size');
  const ll = get('line_length');
  if (typeof type === 'string' && type.startsWith('http')) return (ps || ll) === 1;
  if (type === 'line') return ps !== 0 && ll !== 0 && ll <= ps;
  return false;
}

const typeOf = (k: string): PacketType => (/^\d$/.test(k) ? (Number(k) as PacketType) : (k as PacketType));
const cuts = fc.array(fc.nat(), { maxLength: 12 });
const TYPES = Object.keys(frames);

describe('feeding a stream in pieces frames it as decoding it whole does', () => {
  test.each(TYPES)('%s: a valid stream, cut anywhere', (k) => {
    const type = typeOf(k);
    fc.assert(
      fc.property(fc.array(frames[k]!, { maxLength: 8 }), bytes(6), cuts, (fs, tail, points) => {
        // a stream of frames, possibly followed by the start of another one
        const stream = Buffer.concat([...fs, type === 'raw' ? tail : tail.subarray(0, 0)]);
        const pieces = cut(stream, points);
        const expected = whole(type, stream, []);
        if (type === 'raw') {
          expect(flatten(byHand(type, pieces, []))).toEqual(flatten(expected));
          expect(flatten(framed(type, pieces, []))).toEqual(flatten(expected));
          return;
        }
        expect(expected.end).not.toBe('error');
        if (!k.startsWith('http')) expect(expected.packets).toHaveLength(fs.length);
        expect(byHand(type, pieces, [])).toEqual(expected);
        expect(framed(type, pieces, [])).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  const sizes = fc.constantFrom(0, 1, 2, 3, 5, 8, 13, 40, 300);
  const options = (type: PacketType): fc.Arbitrary<PacketOption[]> =>
    fc.tuple(sizes, sizes, fc.constantFrom(10, 59, 0, 13)).map(([ps, ll, d]) => {
      const o: PacketOption[] = [];
      if (ps) o.push(['packet_size', ps]);
      if (ll) o.push(['line_length', ll]);
      if (type === 'line' && d !== 10) o.push(['line_delimiter', d]);
      return o;
    });
  // bytes that matter to some framing: delimiters, continuation, small lengths, magic
  const interesting = fc
    .array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(10, 13, 32, 9, 59, 0, 1, 2, 3, 0x80, 0x81, 0x1f, 0x47, 0x49, 0x4f, 0x50)), { maxLength: 60 })
    .map((a) => Buffer.from(a));

  test.each(TYPES.filter((k) => k !== 'raw'))('%s: any bytes and size options, cut anywhere (errors included)', (k) => {
    const type = typeOf(k);
    fc.assert(
      fc.property(fc.oneof(interesting, fc.array(frames[k]!, { maxLength: 5 }).map((fs) => Buffer.concat(fs))), options(type), cuts, (stream, opts, points) => {
        const pieces = cut(stream, points);
        const incremental = byHand(type, pieces, opts);
        // The framer always agrees with decode_packet run on what has arrived so far...
        expect(framed(type, pieces, opts)).toEqual(incremental);
        // ...which agrees with decoding the whole stream, but for Erlang's two quirks (below).
        if (!prefixSensitive(type, opts)) expect(incremental).toEqual(whole(type, stream, opts));
      }),
      { numRuns: 300 },
    );
  });
});

describe("decode_packet's own prefix quirks (recorded in the vectors too)", () => {
  test('http with a limit of 1: "\\r\\n" whole is http_eoh, "\\r" alone is invalid', () => {
    expect(decode_packet('httph', Buffer.from('\r\n'), [['packet_size', 1]])).toEqual(['ok', 'http_eoh', Buffer.alloc(0)]);
    expect(decode_packet('httph', Buffer.from('\r'), [['packet_size', 1]])).toEqual(['error', 'invalid']);
  });

  test('line with line_length <= packet_size: a too long line is invalid whole, truncated in pieces', () => {
    const opts: PacketOption[] = [['packet_size', 5], ['line_length', 2]];
    expect(decode_packet('line', Buffer.from('abcdef\n'), opts)).toEqual(['error', 'invalid']);
    expect(decode_packet('line', Buffer.from('abc'), opts)).toEqual(['ok', Buffer.from('ab'), Buffer.from('c')]);
  });
});

/** Counts the bytes the framer decodes and copies (Buffer#copy) until stop(): work, not time. */
function countWork(): { stop: () => { decoded: number; copied: number } } {
  let decoded = 0;
  let copied = 0;
  const decode = PacketDecoder.prototype.decode;
  const copy = Buffer.prototype.copy;
  const decodeSpy = jest.spyOn(PacketDecoder.prototype, 'decode').mockImplementation(function (this: PacketDecoder, buf: Buffer) {
    decoded += buf.length;
    return decode.call(this, buf);
  });
  Buffer.prototype.copy = function (this: Buffer, ...args: Parameters<Buffer['copy']>): number {
    const [, , sourceStart = 0, sourceEnd = this.length] = args;
    copied += Math.max(0, Math.min(sourceEnd, this.length) - sourceStart);
    return copy.apply(this, args);
  };
  return {
    stop: () => {
      decodeSpy.mockRestore();
      Buffer.prototype.copy = copy;
      return { decoded, copied };
    },
  };
}

describe('PacketFramer', () => {
  test('many one-byte chunks of a large packet are joined once, not per chunk', () => {
    const body = Buffer.alloc(200_000, 0x61);
    const f = new PacketFramer(4);
    const stream = Buffer.concat([u32(body.length), body, u32(1), Buffer.from('z')]);
    const work = countWork();
    const got: Packet[] = [];
    for (let i = 0; i < stream.length; i++) {
      f.push(stream.subarray(i, i + 1));
      for (const r of f.drain()) got.push(r[1] as Packet);
      if (i === 10) expect(f.needed).toBe(body.length + 4);
    }
    const { decoded, copied } = work.stop();
    expect(got).toEqual([body, Buffer.from('z')]);
    // Joined once: per-chunk joining would copy and decode about stream.length² / 2 bytes.
    expect(copied).toBeLessThanOrEqual(2 * stream.length);
    expect(decoded).toBeLessThanOrEqual(2 * stream.length);
  });

  test('a long line in one-byte chunks is scanned once', () => {
    const line = Buffer.concat([Buffer.alloc(200_000, 0x62), Buffer.from('\n')]);
    const f = new PacketFramer('line');
    const work = countWork();
    const got: Packet[] = [];
    for (let i = 0; i < line.length; i++) {
      f.push(line.subarray(i, i + 1));
      for (const r of f.drain()) got.push(r[1] as Packet);
    }
    const { decoded, copied } = work.stop();
    expect(got).toEqual([line]);
    // Scanned once: the first byte is decoded (no delimiter: it waits), then nothing until the
    // delimiter arrives, then the whole line once.
    expect(decoded).toBe(1 + line.length);
    expect(copied).toBeLessThanOrEqual(2 * line.length);
  });

  test('httph waits for the byte after a header line (continuation) before giving it', () => {
    const f = new PacketFramer('httph');
    f.push(Buffer.from('Host: a\r\n'));
    expect(f.next()).toBeUndefined();
    f.push(Buffer.from(' b\r\n'));
    expect(f.next()).toBeUndefined();
    f.push(Buffer.from('\r\n'));
    expect(f.next()).toEqual(['ok', ['http_header', 14, 'Host', 'Host', 'a\r\n b']]);
    expect(f.next()).toEqual(['ok', 'http_eoh']);
    expect(f.bufferedBytes).toBe(0);
  });

  test('setType switches framing for the bytes not yet framed (http then httph)', () => {
    const f = new PacketFramer('http_bin');
    f.push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(f.next()).toEqual(['ok', ['http_request', 'GET', ['abs_path', Buffer.from('/')], [1, 1]]]);
    f.setType('httph_bin');
    expect([...f.drain()]).toEqual([
      ['ok', ['http_header', 14, 'Host', Buffer.from('Host'), Buffer.from('x')]],
      ['ok', 'http_eoh'],
    ]);
  });

  test('an error is reported and the data stays buffered', () => {
    const f = new PacketFramer(1, [['packet_size', 2]]);
    f.push(Buffer.from([3, 1, 2, 3]));
    expect(f.next()).toEqual(['error', 'invalid']);
    expect(f.next()).toEqual(['error', 'invalid']);
    expect(f.takeBuffered()).toEqual(Buffer.from([3, 1, 2, 3]));
    expect(f.bufferedBytes).toBe(0);
  });

  test('bad options throw as decode_packet does', () => {
    expect(() => new PacketFramer(2, [['line_delimiter', 10]])).toThrow(expect.objectContaining({ reason: 'badarg' }));
  });
});
