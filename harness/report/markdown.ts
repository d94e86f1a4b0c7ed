/** report.md: a summary short enough for a pull-request comment or a CI step summary. */
import type { GateOutcome } from './baseline.js';
import type { Results } from './results.js';
import { rerunCommand } from './rerun.js';

export function renderMarkdown(r: Results, gate?: GateOutcome): string {
  const out: string[] = [];
  out.push(`# gentcp conformance`, '');
  out.push(`Run ${r.runId}, ${r.startedAt}, ${(r.durationMs / 1000).toFixed(1)} s.`);
  for (const ref of r.references) {
    out.push(`Reference: OTP ${ref.version} (${ref.provider}: ${ref.where}, ready in ${ref.startMs} ms).`);
    for (const x of ref.restarts ?? []) out.push(`OTP ${ref.version}: reference restarted after ${x.reason} at case ${x.atCase}.`);
  }
  out.push('', '| verdict | count |', '|---|---|');
  for (const [v, n] of Object.entries(r.summary)) out.push(`| ${v} | ${n} |`);
  const bySubject = new Map<string, Map<string, number>>();
  for (const c of r.results) {
    const k = `${c.subject} vs ${c.against} (OTP ${c.otp})`;
    const m = bySubject.get(k) ?? new Map<string, number>();
    m.set(c.verdict, (m.get(c.verdict) ?? 0) + 1);
    bySubject.set(k, m);
  }
  out.push('', '| subject | ' + Object.keys(r.summary).join(' | ') + ' |', '|---|' + Object.keys(r.summary).map(() => '---|').join(''));
  for (const [k, m] of bySubject) out.push(`| ${k} | ${Object.keys(r.summary).map((v) => m.get(v) ?? 0).join(' | ')} |`);
  const bad = r.results.filter((c) => c.verdict === 'fail' || c.verdict === 'error');
  if (bad.length) {
    out.push('', '## Failures and errors', '');
    for (const c of bad) out.push(`- **${c.verdict}** \`${c.id}\` ${c.subject} vs ${c.against} OTP ${c.otp}: ${c.reasons[0] ?? ''} — re-run: \`${c.rerun ?? rerunCommand(c)}\``);
  }
  if (gate) {
    out.push('', `## Against the baseline: ${gate.regressions.length} regression(s), ${gate.improvements.length} improvement(s)`, '');
    for (const g of gate.regressions) out.push(`- **worse** \`${g.id}\` ${g.subject} OTP ${g.otp}: ${g.was} → ${g.now}`);
    for (const g of gate.improvements) out.push(`- better \`${g.id}\` ${g.subject} OTP ${g.otp}: ${g.was} → ${g.now}`);
  }
  const known = r.results.filter((c) => c.verdict === 'known-divergence');
  if (known.length) {
    out.push('', '## Known divergences', '');
    for (const c of known) out.push(`- \`${c.id}\` ${c.subject} OTP ${c.otp}: ${c.divergence?.reason ?? ''}`);
  }
  return out.join('\n') + '\n';
}
