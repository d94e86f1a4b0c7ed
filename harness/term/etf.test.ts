import { readFileSync } from 'node:fs';
import { decode, encode, EtfError } from './etf.js';
import { formatTerm } from './json.js';
import { ErlMap, Float, List, Opaque, Pid, Port, Ref, termEquals, type Term } from '../vocabulary/term.js';

interface Vector {
  print: string;
  hex: string;
  compressed?: boolean;
}
const { vectors } = JSON.parse(readFileSync(new URL('../../fixtures/etf/vectors-otp25.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const byPrint = (p: string): Term => decode(Buffer.from(vectors.find((v) => v.print === p)!.hex, 'hex'));

describe('external term format, against term_to_binary/1 output recorded from OTP 25', () => {
  test.each(vectors.filter((v) => !v.print.startsWith('#Fun') && !v.print.startsWith('<<0:')))('$print decodes and re-encodes to an equal term', (v) => {
    const t = decode(Buffer.from(v.hex, 'hex'));
    if (t instanceof Opaque) return; // funs and bit strings are kept as text only
    expect(termEquals(decode(encode(t)), t)).toBe(true);
  });

  test('integers of every width keep their value', () => {
    expect(byPrint('255')).toBe(255);
    expect(byPrint('-1')).toBe(-1);
    expect(byPrint('2147483648')).toBe(2147483648);
    expect(byPrint('1180591620717411303424')).toBe(1n << 70n);
    expect(byPrint('-1180591620717411303424')).toBe(-(1n << 70n));
  });

  test('tuples are arrays, lists are List, strings are byte lists, binaries are Buffers', () => {
    expect(byPrint('{a,b}')).toEqual(['a', 'b']);
    expect(byPrint('"abc"')).toEqual(new List([97, 98, 99]));
    expect(byPrint('[a|b]')).toEqual(new List(['a'], 'b'));
    expect(byPrint('<<"hello">>')).toEqual(Buffer.from('hello'));
    expect(byPrint('1.5')).toEqual(new Float(1.5));
    expect((byPrint('{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,181,182,183,184,185,186,187,188,189,190,191,192,193,194,195,196,197,198,199,200,201,202,203,204,205,206,207,208,209,210,211,212,213,214,215,216,217,218,219,220,221,222,223,224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,256,257,258,259,260,261,262,263,264,265,266,267,268,269,270,271,272,273,274,275,276,277,278,279,280,281,282,283,284,285,286,287,288,289,290,291,292,293,294,295,296,297,298,299,300}') as Term[]).length).toBe(300);
  });

  test('atoms keep non-ASCII names; maps keep their entries', () => {
    expect(byPrint('héllo')).toBe('héllo');
    const m = byPrint('#{a => 1,<<"k">> => [x]}');
    expect(m).toBeInstanceOf(ErlMap);
    expect((m as ErlMap).entries).toHaveLength(2);
  });

  test('pids, ports and refs decode to their classes and survive a round trip', () => {
    const tcpError = vectors.find((v) => v.print.startsWith('{tcp_error,#Port'))!;
    const t = decode(Buffer.from(tcpError.hex, 'hex')) as Term[];
    expect(t[1]).toBeInstanceOf(Port);
    const pid = decode(Buffer.from(vectors.find((v) => v.print.startsWith('<0.'))!.hex, 'hex'));
    expect(pid).toBeInstanceOf(Pid);
    const ref = decode(Buffer.from(vectors.find((v) => v.print.startsWith('#Ref'))!.hex, 'hex'));
    expect(ref).toBeInstanceOf(Ref);
    expect(termEquals(decode(encode(ref)), ref)).toBe(true);
  });

  test('compressed terms inflate', () => {
    const v = vectors.find((x) => x.compressed)!;
    const t = decode(Buffer.from(v.hex, 'hex'));
    expect(t).toBeInstanceOf(List);
    expect((t as List).items).toHaveLength(10000);
  });

  test('a 70000-byte binary decodes whole', () => {
    const t = decode(Buffer.from(vectors.find((v) => v.print.startsWith('<<"xxx'))!.hex, 'hex'));
    expect(Buffer.isBuffer(t) && t.length).toBe(70000);
  });

  test('truncated, trailing and unknown input is refused with a reason', () => {
    expect(() => decode(Buffer.from('8368', 'hex'))).toThrow(/truncated/);
    expect(() => decode(Buffer.from('83610100', 'hex'))).toThrow(/trailing/);
    expect(() => decode(Buffer.from('8301', 'hex'))).toThrow(EtfError);
    expect(() => decode(Buffer.from('01', 'hex'))).toThrow(/not an external term/);
  });

  test('what the harness sends round-trips through the printer', () => {
    const t: Term = ['exec', 1, Buffer.from('client'), new List([['$atom', Buffer.from('active')], 2 ** 40])];
    expect(formatTerm(decode(encode(t)))).toBe(formatTerm(t));
  });
});
