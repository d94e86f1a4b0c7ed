/**
 * Proves a refactoring of the suites left every scenario as it was: `dump FILE` writes each
 * built-in scenario's compiled JSON (its steps, actors, timing and the rest), keyed by id;
 * `diff A B` names every id whose JSON differs between two dumps, and exits 1 if any does.
 *
 *   git stash && npx tsx harness/lint/step-lists.ts dump /tmp/before.json && git stash pop
 *   npx tsx harness/lint/step-lists.ts dump /tmp/after.json
 *   npx tsx harness/lint/step-lists.ts diff /tmp/before.json /tmp/after.json [--ignore note,expect]
 *
 * `--ignore` leaves step fields out of the comparison (to show that a change only added
 * expectations, say); `--steps` compares the step lists alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { allScenarios } from '../../suites/index.js';
import type { Scenario, Step } from '../scenario/schema.js';

export type StepLists = Record<string, Scenario>;

/** Every scenario's compiled JSON, by id, in suite order. */
export function stepLists(scenarios: Scenario[] = allScenarios()): StepLists {
  return Object.fromEntries(scenarios.map((s) => [s.id, JSON.parse(JSON.stringify(s)) as Scenario]));
}

export interface DiffOptions {
  /** Step fields left out of the comparison. */
  ignore?: string[];
  /** Compare the steps only (not the title, actors, timing, …). */
  stepsOnly?: boolean;
}

/** The ids only in `a`, only in `b`, and in both but different (with the first differing step). */
export function diffStepLists(a: StepLists, b: StepLists, opts: DiffOptions = {}): string[] {
  const ignore = new Set(opts.ignore ?? []);
  const step = (st: Step | undefined): unknown => (st === undefined ? undefined : Object.fromEntries(Object.entries(st).filter(([k]) => !ignore.has(k))));
  const rest = (s: Scenario): unknown => (opts.stepsOnly ? undefined : { ...s, steps: undefined });
  const out: string[] = [];
  for (const id of Object.keys(a)) if (!Object.hasOwn(b, id)) out.push(`${id}: only in the first`);
  for (const id of Object.keys(b)) if (!Object.hasOwn(a, id)) out.push(`${id}: only in the second`);
  for (const id of Object.keys(a)) {
    if (!Object.hasOwn(b, id)) continue;
    const x = a[id]!, y = b[id]!;
    const n = Math.max(x.steps.length, y.steps.length);
    const i = Array.from({ length: n }, (_, k) => k).find((k) => !isDeepStrictEqual(step(x.steps[k]), step(y.steps[k])));
    if (i !== undefined) out.push(`${id}: step ${i} differs: ${JSON.stringify(x.steps[i] ?? null)} vs ${JSON.stringify(y.steps[i] ?? null)}`);
    else if (!isDeepStrictEqual(rest(x), rest(y))) out.push(`${id}: differs outside its steps`);
  }
  return out;
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd === 'dump' && rest.length === 1) {
    const lists = stepLists();
    writeFileSync(rest[0]!, JSON.stringify(lists, null, 1));
    console.log(`${Object.keys(lists).length} scenarios written to ${rest[0]}`);
    return 0;
  }
  if (cmd === 'diff' && rest.length >= 2) {
    const [fa, fb, ...flags] = rest;
    const ignoreAt = flags.indexOf('--ignore');
    const opts: DiffOptions = {
      ...(ignoreAt >= 0 ? { ignore: (flags[ignoreAt + 1] ?? '').split(',').filter(Boolean) } : {}),
      stepsOnly: flags.includes('--steps'),
    };
    const read = (f: string): StepLists => JSON.parse(readFileSync(f, 'utf8')) as StepLists;
    const a = read(fa!), b = read(fb!);
    const diffs = diffStepLists(a, b, opts);
    for (const d of diffs) console.log(d);
    const same = Object.keys(a).filter((id) => Object.hasOwn(b, id)).length - diffs.filter((d) => d.includes(' differ')).length;
    console.log(`${same} identical, ${diffs.length} different or missing (${Object.keys(a).length} vs ${Object.keys(b).length} scenarios)`);
    return diffs.length ? 1 : 0;
  }
  console.error('usage: step-lists dump FILE | step-lists diff A B [--ignore field,…] [--steps]');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
