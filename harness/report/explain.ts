/** One case's verdict as a test failure shows it: the reasons, both traces' diff and the command that re-runs it. */
import { renderSideBySide } from '../compare/diff.js';
import type { CaseResult } from '../runner/case.js';
import { rerunCommand } from './rerun.js';

/** The verdicts a conformance test accepts. */
export const ACCEPTABLE = new Set(['match', 'match-alt', 'known-divergence']);

export function explain(r: CaseResult): string {
  return [
    `${r.id} on ${r.subject} vs ${r.against} (OTP ${r.otpVersion}, ${r.provider}): ${r.verdict}`,
    ...r.reasons.map((x) => `  ${x}`),
    r.diff.length ? renderSideBySide(r.diff, `reference ${r.against}`, `subject ${r.subject}`) : '',
    `re-run: ${r.rerun ?? rerunCommand(r)}`,
  ].join('\n');
}
