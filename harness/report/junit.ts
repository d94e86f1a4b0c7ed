/**
 * junit.xml: one test case per scenario × subject × OTP release, a suite per family.
 * fail is a failure, error an error, unsupported skipped; a known divergence or a
 * match-alt passes, saying why in system-out (CI consumers read that).
 */
import { renderSideBySide } from '../compare/diff.js';
import type { Results } from './results.js';
import { rerunCommand } from './rerun.js';

const esc = (s: string): string =>
  s
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function renderJunit(r: Results): string {
  const families = new Map<string, Results['results']>();
  for (const c of r.results) families.set(c.family, [...(families.get(c.family) ?? []), c]);
  const count = (cs: Results['results'], v: string): number => cs.filter((c) => c.verdict === v).length;
  const secs = (ms: number): string => (ms / 1000).toFixed(3);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="gentcp conformance" tests="${r.results.length}" failures="${count(r.results, 'fail')}" errors="${count(r.results, 'error')}" skipped="${count(r.results, 'unsupported')}" time="${secs(r.durationMs)}">`,
  );
  for (const [family, cases] of families) {
    out.push(
      `  <testsuite name="${esc(family)}" tests="${cases.length}" failures="${count(cases, 'fail')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'unsupported')}" time="${secs(cases.reduce((a, c) => a + c.durationMs, 0))}" timestamp="${r.startedAt.slice(0, 19)}">`,
    );
    out.push('    <properties>');
    for (const ref of r.references) out.push(`      <property name="reference.otp${esc(ref.otp)}" value="${esc(`${ref.version} (${ref.provider}: ${ref.where})`)}"/>`);
    out.push('    </properties>');
    for (const c of cases) {
      const name = `${c.id} [${c.subject} vs ${c.against}, OTP ${c.otp}]`;
      out.push(`    <testcase name="${esc(name)}" classname="${esc(`gentcp.${c.family}.${c.subject.replace(':', '_')}.otp${c.otp}`)}" time="${secs(c.durationMs)}">`);
      const detail = [...c.reasons, c.diff.length ? renderSideBySide(c.diff, `reference ${c.against}`, `subject ${c.subject}`) : '', `re-run: ${c.rerun ?? rerunCommand(c)}`].join('\n');
      if (c.verdict === 'fail') out.push(`      <failure message="${esc(c.reasons[0] ?? 'traces differ')}" type="fail">${esc(detail)}</failure>`);
      else if (c.verdict === 'error') out.push(`      <error message="${esc(c.reasons[0] ?? 'harness error')}" type="error">${esc(detail)}</error>`);
      else if (c.verdict === 'unsupported') out.push(`      <skipped message="${esc(c.reasons[0] ?? 'unsupported')}"/>`);
      else if (c.verdict === 'known-divergence')
        out.push(`      <system-out>${esc(`known divergence: ${c.divergence?.reason ?? ''}\nevidence: ${c.divergence?.evidence ?? ''}\n${detail}`)}</system-out>`);
      else if (c.verdict === 'match-alt') out.push(`      <system-out>${esc(`match-alt: ${c.reasons.join('; ')}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
