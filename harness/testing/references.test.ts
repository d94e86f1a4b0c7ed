import { parseSubject } from '../vocabulary/subject.js';
import { servesSubject } from './references.js';

test('a reference published for ts subjects serves modules, one for erlang serves nodes', () => {
  const serves = (subjects: 'all' | 'ts' | 'erlang', s: string): boolean => servesSubject({ subjects }, parseSubject(s));
  expect(['ts:inet', 'module:./a.mjs', 'erlang:inet', 'node:127.0.0.1:1@socket'].map((s) => serves('ts', s))).toEqual([true, true, false, false]);
  expect(['ts:inet', 'module:./a.mjs', 'erlang:inet', 'node:127.0.0.1:1@socket'].map((s) => serves('erlang', s))).toEqual([false, false, true, true]);
  expect(serves('all', 'module:./a.mjs')).toBe(true);
});
