/** A trace as a timeline for the terminal: steps, messages and exits in time order. */
import type { NormTrace } from '../compare/normalise.js';
import { resultText } from '../compare/lines.js';
import { formatJson } from '../term/json.js';

export function renderTimeline(t: NormTrace): string {
  const rows: Array<{ t: number; text: string }> = [];
  for (const s of t.steps) {
    const who = s.actor ? `${s.side === 'peer' ? 'peer' : 'subj'} ${s.actor}` : 'runner';
    const result = s.status === 'done' ? resultText(s.result) : s.status === 'error' ? `ERROR ${s.error ?? ''}` : 'still pending';
    rows.push({ t: s.t1 ?? s.t0 ?? Infinity, text: `${who.padEnd(16)} #${s.index} ${s.call} -> ${result}` });
  }
  for (const [actor, box] of Object.entries(t.mailboxes)) for (const m of box) rows.push({ t: m.t, text: `${'msg'.padEnd(4)} ${actor.padEnd(11)} <- ${formatJson(m.msg)}` });
  for (const e of t.exits) rows.push({ t: e.t, text: `exit ${e.actor.padEnd(11)} ${formatJson(e.reason)}` });
  rows.sort((a, b) => a.t - b.t);
  const lines = rows.map((r) => `${Number.isFinite(r.t) ? r.t.toFixed(1).padStart(8) : '       ?'} ms  ${r.text}`);
  for (const e of t.errors) lines.push(`   ERROR     ${e}`);
  return lines.join('\n');
}
