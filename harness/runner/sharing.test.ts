import { allScenarios } from '../../suites/index.js';
import { inShard, parseShard } from './sharing.js';

test('--shard i/n: every scenario lands in exactly one shard, the shares differ by one at most, in report order', () => {
  const all = allScenarios();
  for (const total of [1, 2, 3, 5]) {
    const shares = Array.from({ length: total }, (_, k) => inShard(all, { index: k + 1, total }));
    expect(shares.flat().map((s) => s.id).sort()).toEqual(all.map((s) => s.id).sort());
    const sizes = shares.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const share of shares) expect(share.map((s) => all.indexOf(s))).toEqual([...share.map((s) => all.indexOf(s))].sort((a, b) => a - b));
  }
});

test('--shard takes i/n with 1 <= i <= n', () => {
  expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
  for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad)).toThrow('--shard takes i/n');
});
