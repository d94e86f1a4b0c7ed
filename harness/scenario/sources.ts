/**
 * Users' own scenario files (gentcp conformance --scenarios): files and directories
 * expanded to JSON files in a stable order, loaded, and joined with the built-in
 * suite with every id held once.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Scenario } from './schema.js';
import { loadScenarioFile } from './validate.js';

/** A scenario and where it came from: a file, or the built-in suite. */
export interface SourcedScenario {
  scenario: Scenario;
  source: string;
}

export const BUILTIN_SOURCE = 'the built-in suite';

/** How many JSON files one --scenarios run may load (a bound on a mistyped directory such as /). */
export const MAX_SCENARIO_FILES = 10_000;

/** Every *.json under dir, recursively, sorted by path. */
async function jsonFilesUnder(dir: string, out: string[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await jsonFilesUnder(p, out);
    else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
    if (out.length > MAX_SCENARIO_FILES) throw new Error(`--scenarios: more than ${MAX_SCENARIO_FILES} JSON files under ${dir}`);
  }
}

/** The scenario files the given paths name: a file as it is, a directory as every *.json in it (sorted, recursively). */
export async function scenarioFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new Error(`--scenarios: no file or directory ${p}`);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      await jsonFilesUnder(p, found);
      if (found.length === 0) throw new Error(`--scenarios: no .json file under ${p}`);
      files.push(...found);
    } else files.push(p);
  }
  // A file named twice (directly and through its directory) is loaded once.
  return [...new Set(files.map((f) => path.normalize(f)))];
}

/** Loads every scenario file the paths name; a bad file is a ScenarioError naming it and the field. */
export async function loadScenarioSources(paths: readonly string[]): Promise<SourcedScenario[]> {
  const out: SourcedScenario[] = [];
  for (const file of await scenarioFiles(paths)) out.push({ scenario: await loadScenarioFile(file), source: file });
  return out;
}

/** The scenarios in order, refusing an id defined twice and naming both places. */
export function uniqueScenarios(all: readonly SourcedScenario[]): Scenario[] {
  const seen = new Map<string, string>();
  for (const { scenario, source } of all) {
    const first = seen.get(scenario.id);
    if (first !== undefined) throw new Error(`scenario id ${scenario.id} is defined twice: in ${first} and in ${source}`);
    seen.set(scenario.id, source);
  }
  return all.map((x) => x.scenario);
}
