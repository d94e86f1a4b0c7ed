/** Two traces side by side, with the differing lines marked. */
import { diffArrays } from 'diff';
import type { Line } from './lines.js';

export interface DiffRow {
  left?: string;
  right?: string;
  /** '=' same, '≠' changed, '<' only on the left, '>' only on the right */
  mark: '=' | '≠' | '<' | '>';
}

export function diffLines(left: Line[], right: Line[]): DiffRow[] {
  const parts = diffArrays(
    left.map((l) => l.text),
    right.map((l) => l.text),
  );
  const rows: DiffRow[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (!p.added && !p.removed) {
      p.value.forEach((v) => rows.push({ left: v, right: v, mark: '=' }));
      continue;
    }
    const next = parts[i + 1];
    if (p.removed && next?.added) {
      // A removal followed by an addition is a change: pair them up line by line.
      const n = Math.max(p.value.length, next.value.length);
      for (let k = 0; k < n; k++) {
        const [l, r] = [p.value[k], next.value[k]];
        rows.push(l !== undefined && r !== undefined ? { left: l, right: r, mark: '≠' } : l !== undefined ? { left: l, mark: '<' } : { right: r!, mark: '>' });
      }
      i++;
      continue;
    }
    p.value.forEach((v) => rows.push(p.removed ? { left: v, mark: '<' } : { right: v, mark: '>' }));
  }
  return rows;
}

/** Plain-text rendering that reads without colour. */
export function renderSideBySide(rows: DiffRow[], leftTitle: string, rightTitle: string, width = 60): string {
  const cut = (s: string): string => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
  const out = [`  ${cut(leftTitle)} | ${rightTitle}`, `  ${'-'.repeat(width)}-+-${'-'.repeat(width)}`];
  for (const r of rows) {
    const mark = r.mark === '=' ? ' ' : r.mark;
    out.push(`${mark} ${cut(r.left ?? '')} ${r.mark === '=' ? '|' : mark} ${r.right ?? ''}`);
  }
  return out.join('\n');
}
