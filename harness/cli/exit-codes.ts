/** The exit-code contract for CI gates: 0 pass, 1 fail, 2 harness error. */
import type { Verdict } from '../compare/verdict.js';

export function exitCodeFor(verdicts: Verdict[]): number {
  if (verdicts.includes('error')) return 2;
  if (verdicts.includes('fail')) return 1;
  return 0;
}
