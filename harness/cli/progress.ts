/** The progress line conformance prints after each case: count, elapsed, ETA, verdict. */
import type { Verdict } from '../compare/verdict.js';
import type { Colours } from './colour.js';

/** 42 s, 3m05s, 1h02m. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The time left for `remaining` cases at the mean time of the `done` cases so far. */
export function etaMs(elapsedMs: number, done: number, remaining: number): number {
  return done === 0 ? 0 : (elapsedMs / done) * remaining;
}

export interface Progress {
  n: number;
  total: number;
  elapsedMs: number;
  verdict: Verdict;
  id: string;
  subject: string;
  otp: string;
  /** The first reason of a fail or an error, printed under its line. */
  reason?: string;
}

const bad = (v: Verdict): boolean => v === 'fail' || v === 'error';

export function progressLine(p: Progress, c: Colours): string {
  const count = `[${String(p.n).padStart(String(p.total).length)}/${p.total}]`;
  const time = `${formatDuration(p.elapsedMs).padStart(6)} elapsed, ETA ${formatDuration(etaMs(p.elapsedMs, p.n, p.total - p.n)).padEnd(6)}`;
  const mark = bad(p.verdict) ? '✗' : '✓';
  const line = `${count} ${time} ${mark} ${p.verdict.padEnd(16)} ${p.id} ${p.subject} OTP ${p.otp}`;
  if (!bad(p.verdict)) return p.verdict === 'match' || p.verdict === 'match-alt' ? line : c.dim(line);
  const paint = p.verdict === 'error' ? (s: string) => c.bold(c.magenta(s)) : (s: string) => c.bold(c.red(s));
  return `${paint(line)}${p.reason ? `\n      ${c.red(p.reason)}` : ''}`;
}
