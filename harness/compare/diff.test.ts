import { diffLines, renderSideBySide } from './diff.js';

const lines = (...t: string[]) => t.map((text, i) => ({ key: String(i), text }));

describe('side-by-side diff', () => {
  test('pairs a changed line, and marks lines only on one side', () => {
    const rows = diffLines(lines('a', 'b', 'c', 'd'), lines('a', 'B', 'c', 'e', 'f'));
    expect(rows.map((r) => r.mark)).toEqual(['=', '≠', '=', '≠', '>']);
    const text = renderSideBySide(rows, 'reference', 'subject', 10);
    expect(text).toContain('≠ b          ≠ B');
    expect(text).toContain('>            > f');
  });

  test('equal traces give only equal rows', () => {
    expect(diffLines(lines('x', 'y'), lines('x', 'y')).every((r) => r.mark === '=')).toBe(true);
  });
});
