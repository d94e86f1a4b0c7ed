import { ChunkQueue } from './chunks.js';

/** A queue holding `parts` as separate chunks. */
function queueOf(...parts: string[]): ChunkQueue {
  const q = new ChunkQueue();
  for (const p of parts) q.push(Buffer.from(p));
  return q;
}

test('take within the first chunk is a view; across chunks it joins them in order', () => {
  const q = queueOf('abc', 'defg', 'hi');
  expect(q.take(2).toString()).toBe('ab');
  expect(q.take(4).toString()).toBe('cdef');
  expect(q.length).toBe(3);
  expect(q.take(10).toString()).toBe('ghi');
  expect(q.length).toBe(0);
  expect(q.take(1).length).toBe(0);
});

test('peek leaves the bytes; skip drops them; uintBE reads across a boundary', () => {
  const q = new ChunkQueue();
  q.push(Buffer.from([0x01]));
  q.push(Buffer.from([0x02, 0x03]));
  expect(q.uintBE(2)).toBe(0x0102);
  expect([...q.peek(3)]).toEqual([1, 2, 3]);
  q.skip(2);
  expect([...q.takeAll()]).toEqual([3]);
});

test('indexOf counts from the unread head and stops at the limit', () => {
  const q = queueOf('xa\n', 'b\nc');
  q.skip(1);
  expect(q.indexOf(0x0a)).toBe(1);
  q.skip(2);
  expect(q.indexOf(0x0a)).toBe(1);
  expect(q.indexOf(0x0a, 1)).toBe(-1);
  expect(q.indexOf(0x7a)).toBe(-1);
});
