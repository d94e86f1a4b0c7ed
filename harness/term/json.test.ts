import { formatJson, fromJson, toJson, TermJsonError } from './json.js';
import { List, Named, Pid, termEquals, type Term } from '../vocabulary/term.js';

describe('terms as JSON', () => {
  const samples: Term[] = [
    'ok',
    42,
    ['error', 'closed'],
    new List([]),
    new List([1, 2, 300]),
    new List([104, 105]),
    Buffer.from([0, 255, 10]),
    ['tcp', new Named('sock', 'S'), Buffer.from('hi')],
    new List(['a'], 'b'),
    2n ** 80n,
  ];

  test.each(samples.map((s) => [formatJson(toJson(s)), s]))('%s round-trips', (_, s) => {
    expect(termEquals(fromJson(JSON.parse(JSON.stringify(toJson(s)))), s)).toBe(true);
  });

  test('byte lists print as strings, other lists as lists', () => {
    expect(toJson(new List([104, 105]))).toEqual({ str: 'hi' });
    expect(toJson(new List([1, 300]))).toEqual({ list: [1, 300] });
    expect(toJson(new List([]))).toEqual({ list: [] });
  });

  test('booleans and null read as atoms', () => {
    expect(fromJson([true, false, null])).toEqual(['true', 'false', 'undefined']);
  });

  test('big binaries are summarised by head, length and digest', () => {
    const j = toJson(Buffer.alloc(1000, 97), { summariseOver: 256 }) as { bin: string; len: number; sha256: string };
    expect(j.len).toBe(1000);
    expect(j.bin).toHaveLength(32);
    expect(j.sha256).toMatch(/^[0-9a-f]{16}$/);
  });

  test('unknown forms are refused with the path of the bad field', () => {
    expect(() => fromJson([1, { foo: 2 }])).toThrow(TermJsonError);
    expect(() => fromJson([1, { foo: 2 }])).toThrow('$[1]: unknown term form');
    expect(() => fromJson({ list: [1.5] })).toThrow('$.list[0]');
  });

  test('raw pids print in Erlang form, named ones by name', () => {
    expect(formatJson(toJson(new Pid('nonode@nohost', 80, 0, 0)))).toBe('<nonode@nohost.80.0>');
    expect(formatJson(toJson(new Named('pid', 'client')))).toBe('<client>');
    expect(formatJson(toJson(['tcp_closed', new Named('sock', 'C')]))).toBe('{tcp_closed,C}');
  });
});
