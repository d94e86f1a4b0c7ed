/**
 * The repository's import rules, over every .ts and .mts file of src/, harness/ and suites/
 * (tests too). The layers and why are in imports.test.ts and CONTRIBUTING.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One file (its path from the repository root, with /) and the modules it names, as written. */
export interface SourceImports {
  file: string;
  imports: string[];
}

/** A broken rule: where, which import, which rule, and a message that says all three. */
export interface Finding {
  rule: string;
  file: string;
  import: string;
  message: string;
}

/**
 * The harness's layers, lowest first: a file imports its own folder and the folders of lower
 * layers, never one of its own layer or above. `suites` is the built-in scenarios and their
 * builder; `suites (Jest)` is suites/verify.ts and the suites' test files.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['harness/vocabulary'],
  ['harness/term', 'harness/capture'],
  ['harness/scenario', 'harness/driver'],
  ['suites'],
  ['harness/compare', 'harness/providers'],
  ['harness/recorded'],
  ['harness/runner'],
  ['harness/report', 'harness/testing'],
  ['harness/repro'],
  ['harness/cli', 'harness/jest', 'harness/bench', 'harness/lint', 'harness/pack', 'harness/schemas', 'suites (Jest)', 'suites/interop'],
  ['harness/api.ts'],
];

export const RULES = {
  cycle: 'no cycle between folders',
  src: 'src/ imports nothing outside src/ (and no package but Node itself, outside its tests)',
  library: 'the suite reaches the library as gentcp or gentcp/testing, never by a path into src/ (only suites/interop may)',
  compare: 'harness/compare never imports providers or runner',
  scenario: 'harness/scenario imports nothing above it',
  layer: 'a folder imports only lower layers (LAYERS in harness/lint/imports.ts)',
  unknown: 'every harness and suites folder has a layer (LAYERS in harness/lint/imports.ts)',
} as const;

const TEST_FILE = /\.test\.m?ts$/;

/** The folder a file belongs to for these rules, or undefined outside src/, harness/ and suites/. */
export function folderOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'src') return 'src';
  if (parts[0] === 'harness') return parts.length === 2 ? file : `harness/${parts[1]}`;
  if (parts[0] !== 'suites') return undefined;
  if (parts[1] === 'interop') return 'suites/interop';
  return file === 'suites/verify.ts' || TEST_FILE.test(file) ? 'suites (Jest)' : 'suites';
}

/** Every module a source text names: import and export ... from, import(), import type. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Every .ts and .mts file under `dirs` of `root` (not .d.ts, not node_modules), with its imports. */
export function scanImports(root: string, dirs: readonly string[] = ['src', 'harness', 'suites']): SourceImports[] {
  const out: SourceImports[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(child);
      } else if (/\.m?ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push({ file: child, imports: importsOf(readFileSync(path.join(root, child), 'utf8')) });
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

/** A relative import as the repository path of the source file it names (.js names the .ts). */
function resolve(file: string, spec: string): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  return target.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
}

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

/** The findings for these files: empty when every rule holds. */
export function checkImports(files: readonly SourceImports[], layers: readonly (readonly string[])[] = LAYERS): Finding[] {
  const layerOf = new Map<string, number>();
  layers.forEach((names, i) => names.forEach((n) => layerOf.set(n, i)));
  const findings: Finding[] = [];
  const edges: Edge[] = [];
  const find = (rule: keyof typeof RULES, file: string, spec: string, detail: string): void => {
    findings.push({ rule: RULES[rule], file, import: spec, message: `${file} imports '${spec}'${detail}: ${RULES[rule]}` });
  };
  const unknown = new Set<string>();
  const placed = (folder: string, file: string, spec: string): boolean => {
    if (layerOf.has(folder)) return true;
    if (!unknown.has(folder)) find('unknown', file, spec, ` (${folder} has no layer)`);
    unknown.add(folder);
    return false;
  };

  for (const { file, imports } of files) {
    const from = folderOf(file);
    if (from === undefined) continue;
    for (const spec of imports) {
      if (!spec.startsWith('.')) {
        if (from === 'src' && !TEST_FILE.test(file) && !spec.startsWith('node:')) find('src', file, spec, ' (a package)');
        continue;
      }
      const target = resolve(file, spec);
      const to = folderOf(target);
      if (from === 'src') {
        if (to !== 'src') find('src', file, spec, ` (${target})`);
        continue;
      }
      if (to === undefined || to === from) continue;
      edges.push({ from, to, file, spec });
      if (to === 'src') {
        if (from !== 'suites/interop') find('library', file, spec, ` (${target})`);
        continue;
      }
      if (from === 'harness/compare' && (to === 'harness/providers' || to === 'harness/runner')) {
        find('compare', file, spec, ` (${to})`);
        continue;
      }
      if (!placed(from, file, spec) || !placed(to, file, spec)) continue;
      if (layerOf.get(to)! >= layerOf.get(from)!)
        find(from === 'harness/scenario' ? 'scenario' : 'layer', file, spec, ` (${to}, layer ${layerOf.get(to)}, from ${from}, layer ${layerOf.get(from)})`);
    }
  }
  for (const { group, cycle } of folderCycles(edges)) {
    const first = cycle[0]!;
    const route = [...cycle.map((e) => e.from), first.from].join(' → ');
    const how = cycle.map((e) => `${e.file} imports '${e.spec}'`).join('; ');
    const others = group.length > cycle.length ? ` (${group.join(', ')} all reach each other)` : '';
    findings.push({ rule: RULES.cycle, file: first.file, import: first.spec, message: `${route}${others}: ${how}: ${RULES.cycle}` });
  }
  return findings;
}

/** For each group of folders that reach each other: the group, and one cycle through it (its edges, one import each). */
function folderCycles(edges: readonly Edge[]): Array<{ group: string[]; cycle: Edge[] }> {
  const out = new Map<string, Map<string, Edge>>();
  for (const e of edges) {
    const next = out.get(e.from) ?? out.set(e.from, new Map()).get(e.from)!;
    if (!next.has(e.to)) next.set(e.to, e);
  }
  const reaches = (a: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [a];
    while (todo.length > 0)
      for (const b of out.get(todo.pop()!)?.keys() ?? [])
        if (!seen.has(b)) {
          seen.add(b);
          todo.push(b);
        }
    return seen;
  };
  const cycles: Array<{ group: string[]; cycle: Edge[] }> = [];
  const done = new Set<string>();
  for (const start of [...out.keys()].sort()) {
    if (done.has(start) || !reaches(start).has(start)) continue;
    // The shortest way back to `start`, found breadth-first.
    const via = new Map<string, Edge>();
    const queue = [start];
    while (queue.length > 0 && !via.has(start)) {
      const a = queue.shift()!;
      for (const [b, e] of out.get(a) ?? [])
        if (!via.has(b)) {
          via.set(b, e);
          queue.push(b);
        }
    }
    const cycle: Edge[] = [];
    for (let at = start; cycle.length === 0 || at !== start; ) {
      const e = via.get(at)!;
      cycle.unshift(e);
      at = e.from;
    }
    // The folders that start reaches and that reach it back: report their group once.
    const group = [...reaches(start)].filter((f) => reaches(f).has(start)).sort();
    for (const f of group) done.add(f);
    cycles.push({ group, cycle });
  }
  return cycles;
}
