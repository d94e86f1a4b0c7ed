/**
 * The comparable content of a normalised trace, one line per fact: each step's
 * result in scenario order, each actor's mailbox in arrival order, each exit.
 * Times and call texts are left out (the backend option in a call differs by subject).
 */
import type { Scenario } from '../scenario/schema.js';
import { formatJson, type TermJson } from '../term/json.js';
import type { NormTrace, ResultJson } from './normalise.js';

export interface Line {
  /** What the line is about; equal keys are the same fact in two traces. */
  key: string;
  text: string;
  /** The step index, for step lines. */
  step?: number;
}

export function resultText(r: ResultJson | undefined): string {
  if (r === undefined) return '…';
  if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
    if ('raise' in r) return `raises ${r.raise}:${formatJson(r.reason)}`;
    if ('exited' in r) return `actor exited: ${formatJson(r.exited)}`;
  }
  return formatJson(r as TermJson);
}

/** A result with binaries, byte strings and integers blanked: for results whose sizes vary run to run. */
export function shapeOf(r: ResultJson | undefined): string {
  if (r === undefined) return '…';
  if (r !== null && typeof r === 'object' && !Array.isArray(r) && ('raise' in r || 'exited' in r)) return resultText(r);
  return formatJson(blank(r as TermJson));
}

function blank(j: TermJson): TermJson {
  if (typeof j === 'number') return { opaque: '_' };
  if (Array.isArray(j)) return j.map(blank);
  if (j === null || typeof j !== 'object') return j;
  if ('bin' in j) return { opaque: '<<_>>' };
  if ('str' in j || 'int' in j || 'float' in j) return { opaque: '_' };
  if ('list' in j) return { list: j.list.map(blank), ...(j.tail === undefined ? {} : { tail: blank(j.tail) }) };
  if ('map' in j) return { map: j.map.map(([k, v]) => [blank(k), blank(v)] as [TermJson, TermJson]) };
  return j;
}

export function traceLines(t: NormTrace, s: Scenario): Line[] {
  const lines: Line[] = [];
  for (const st of t.steps) {
    const step = s.steps[st.index];
    const observe = step && 'observe' in step ? step.observe : undefined;
    const value = st.status === 'done' ? (observe === 'shape' ? shapeOf(st.result) : resultText(st.result)) : st.status;
    const who = st.actor ? `${st.actor} ` : '';
    lines.push({ key: `step ${st.index}`, text: `#${st.index} ${who}${st.op} -> ${value}`, step: st.index });
  }
  for (const [actor, box] of Object.entries(t.mailboxes)) {
    const mode = (s.messages && Object.hasOwn(s.messages, actor) ? s.messages[actor] : undefined) ?? 'exact';
    if (mode === 'ignore') continue;
    box.forEach((m, i) =>
      lines.push({ key: `mailbox ${actor} ${i}`, text: `${actor} <- ${mode === 'shape' ? shapeOf(m.msg) : formatJson(m.msg)}` }),
    );
  }
  for (const e of [...t.exits].sort((a, b) => a.actor.localeCompare(b.actor)))
    lines.push({ key: `exit ${e.actor}`, text: `${e.actor} exits: ${formatJson(e.reason)}` });
  return lines;
}
