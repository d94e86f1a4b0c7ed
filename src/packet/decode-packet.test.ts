import {
  decode_packet,
  decodeResultToTerm,
  ErlangError,
  HTTP_HEADER_ATOMS,
  HTTP_HEADER_NAMES,
  HTTP_METHOD_ATOMS,
  PACKET_TYPES,
  PacketDecoder,
  type DecodeResult,
} from './decode-packet.js';
import { jsonTerms, loadVectors, RECORDED_RELEASES, type JsonTerm, type Vector } from './vectors.js';
import { defaultOtp, setEmulatedOtp } from '../profile/profiles.js';

/** What our decode_packet gives for a vector, in the vector files' encoding. */
function run(v: Vector, otp: number): { return: JsonTerm } | { raise: string; reason: JsonTerm } {
  try {
    const r: DecodeResult = decode_packet(v.type, v.bin, v.opts, { otp });
    return { return: decodeResultToTerm(r, jsonTerms) };
  } catch (e) {
    if (e instanceof ErlangError) return { raise: 'error', reason: { a: String(e.reason) } };
    throw e;
  }
}

/** Where the OTP 26+ emulator crashes, we answer {error, invalid}. */
const CRASH = { return: [{ a: 'error' }, { a: 'invalid' }] };

const typeKey = (t: string | number): string => (typeof t === 'number' ? `{packet,${t}}` : t);

describe.each(RECORDED_RELEASES)('decode_packet/3 against the vectors recorded from OTP %i', (otp) => {
  const file = loadVectors(otp);
  const byType = new Map<string, Vector[]>();
  for (const v of file.vectors) {
    const k = PACKET_TYPES.includes(v.type as never) ? typeKey(v.type) : 'bad type';
    byType.set(k, [...(byType.get(k) ?? []), v]);
  }

  test('the file is the release it claims and is complete', () => {
    expect(file.otp).toBe(otp);
    expect(file.vectors.length).toBeGreaterThan(5000);
    for (const t of PACKET_TYPES) expect(byType.get(typeKey(t))?.length ?? 0).toBeGreaterThan(20);
  });

  test.each([...byType.keys()])('%s: every vector gives exactly the recorded result', (k) => {
    const mismatches: unknown[] = [];
    for (const v of byType.get(k)!) {
      const expected = 'crash' in v.result ? CRASH : v.result;
      const actual = run(v, otp);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push({ name: v.name, opts: v.opts, bin: v.bin.toString('hex'), expected, actual });
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe('releases', () => {
  test('27 and 29 recorded the same results; 25 differs only in IPv6 hosts and 32-bit length wrap', () => {
    const [v25, v27, v29] = RECORDED_RELEASES.map((r) => loadVectors(r).vectors);
    const differ = (a: Vector[], b: Vector[]) => a.filter((v, i) => JSON.stringify(v.result) !== JSON.stringify(b[i]!.result)).map((v) => v.name);
    expect(differ(v27!, v29!)).toEqual([]);
    for (const name of differ(v25!, v27!)) expect(name).toMatch(/\[|ffff|fffffff|packet_size (2\^32-1|429496729\d)/);
  });

  test('the default is the release the library emulates (setEmulatedOtp); an otp given wins', () => {
    const line = Buffer.from('GET http://[::1]:4000/x HTTP/1.1\r\n');
    const modern = ['http_request', 'GET', ['absoluteURI', 'http', '[::1]', 4000, '/x'], [1, 1]];
    const otp25 = ['http_request', 'GET', ['absoluteURI', 'http', '[', 'undefined', '/x'], [1, 1]];
    const before = defaultOtp();
    try {
      setEmulatedOtp('29');
      expect(decode_packet('http', line)[1]).toEqual(modern);
      expect(decode_packet('http', line, [], { otp: 25 })[1]).toEqual(otp25);
      setEmulatedOtp('25');
      expect(decode_packet('http', line)[1]).toEqual(otp25);
      expect(new PacketDecoder('http').decode(line)[1]).toEqual(otp25);
      expect(decode_packet('http', line, [], { otp: 27 })[1]).toEqual(modern);
    } finally {
      setEmulatedOtp(before);
    }
  });
});

describe('TypeScript value conventions', () => {
  test('results follow the library conventions', () => {
    expect(decode_packet(2, Buffer.from([0, 3, 97, 98, 99, 100]), [])).toEqual(['ok', Buffer.from('abc'), Buffer.from('d')]);
    expect(decode_packet(4, Buffer.from([0, 0, 1, 0]), [])).toEqual(['more', 260]);
    expect(decode_packet('line', Buffer.alloc(0), [])).toEqual(['more', 'undefined']);
    expect(decode_packet('cdr', Buffer.from('XIOP\x01\x02\x00\x00\x00\x00\x00\x00', 'latin1'), [])).toEqual(['error', 'invalid']);
    expect(decode_packet('httph', Buffer.from('content-length: 42\r\n\r\n'), [])).toEqual([
      'ok',
      ['http_header', 38, 'Content-Length', 'content-length', '42'],
      Buffer.from('\r\n'),
    ]);
    expect(decode_packet('httph_bin', Buffer.from('X-Foo: 1\r\n\r\n'), [])[1]).toEqual(['http_header', 0, Buffer.from('X-Foo'), Buffer.from('X-Foo'), Buffer.from('1')]);
    expect(decode_packet('http_bin', Buffer.from('get / HTTP/1.0\r\n'), [])[1]).toEqual(['http_request', Buffer.from('get'), ['abs_path', Buffer.from('/')], [1, 0]]);
  });

  test('http mode strings are latin1, one char per byte', () => {
    const r = decode_packet('httph', Buffer.from('X: caf\xe9\r\n\r\n', 'latin1'), []);
    expect(r[1]).toEqual(['http_header', 0, 'X', 'X', 'caf\u00e9']);
  });

  test('packet and rest are views of the input (zero copy)', () => {
    const input = Buffer.from([1, 65, 66]);
    const r = decode_packet(1, input, []);
    expect(r[0]).toBe('ok');
    const [, packet, rest] = r as ['ok', Buffer, Buffer];
    expect(packet.buffer).toBe(input.buffer);
    expect(rest).toEqual(Buffer.from('B'));
  });

  test('a Uint8Array is accepted as a binary', () => {
    expect(decode_packet(1, new Uint8Array([1, 7]), [])).toEqual(['ok', Buffer.from([7]), Buffer.alloc(0)]);
  });

  test('bad arguments throw ErlangError with reason badarg', () => {
    const bad = (f: () => unknown) => {
      expect(f).toThrow(ErlangError);
      try {
        f();
      } catch (e) {
        expect((e as ErlangError).reason).toBe('badarg');
      }
    };
    bad(() => decode_packet('nope', Buffer.alloc(0), []));
    bad(() => decode_packet(3, Buffer.alloc(0), []));
    bad(() => decode_packet(1, 'abc' as unknown as Buffer, []));
    bad(() => decode_packet(1, Buffer.alloc(0), [['packet_size', -1]]));
    bad(() => decode_packet(1, Buffer.alloc(0), [['packet_size', 2 ** 32]]));
    bad(() => decode_packet(1, Buffer.alloc(0), [['packet_size', 1.5]]));
    bad(() => decode_packet(1, Buffer.alloc(0), [['line_delimiter', 10]]));
    bad(() => decode_packet('line', Buffer.alloc(0), [['line_delimiter', 256]]));
    bad(() => decode_packet('line', Buffer.alloc(0), [['foo', 1]]));
    bad(() => decode_packet('line', Buffer.alloc(0), 'x' as unknown as []));
    bad(() => new PacketDecoder('bogus' as never));
  });

  test('the atom tables', () => {
    expect([...HTTP_METHOD_ATOMS]).toEqual(['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE']);
    expect(HTTP_HEADER_ATOMS.size).toBe(52);
    expect(HTTP_HEADER_NAMES[37]).toBe('Content-Length');
  });
});
