import { ErlangExit } from '../erlang/errors.js';
import { iodataToBuffer, type IoList } from './iodata.js';

/** Data wrapped in `depth` one-element lists, built without recursion. */
function nested(data: IoList[number], depth: number): IoList {
  let d: IoList[number] = data;
  for (let i = 0; i < depth; i++) d = [d];
  return d as IoList;
}

describe('iodataToBuffer', () => {
  test('takes bytes, latin1 strings and binaries in list order, at any nesting', () => {
    const data: IoList = [104, ['el', [Buffer.from('lo'), []], new Uint8Array([32])], 'w', [[['orld']]]];
    expect(iodataToBuffer(data).toString('latin1')).toBe('hello world');
  });

  test.each([5_000, 1_000_000])('an iolist nested %i deep is sent as Erlang sends it, not a stack overflow', (depth) => {
    expect(iodataToBuffer(nested(['a', Buffer.from('b')], depth)).toString()).toBe('ab');
    expect(iodataToBuffer([nested('x', depth), nested('y', depth)]).toString()).toBe('xy');
  });

  test.each([
    ['a byte above 255', [256]],
    ['a negative byte', [-1]],
    ['a non-integer', [1.5]],
    ['a char above 255 in a string', ['\u0100']],
    ['an object', [{}]],
    ['a bare integer', 7],
    ['a bad element deep down', nested([1, null as never], 10_000)],
  ])('%s is badarg', (_what, data) => {
    expect(() => iodataToBuffer(data)).toThrow(ErlangExit);
  });
});
