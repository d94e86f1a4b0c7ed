/**
 * Compares a repro script's printed output with a bundle's recorded trace:
 *   npx tsx harness/repro/compare.ts BUNDLE_DIR OUTPUT_FILE [reference|subject]
 * Prints the two side by side; exits 0 when every compared line is the same, 1 when not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NormTrace } from '../compare/normalise.js';
import { validateScenario } from '../scenario/validate.js';
import { compareOutput } from './bundle.js';

export function compareBundleOutput(dir: string, output: string, which: 'reference' | 'subject'): { same: boolean; text: string } {
  const scenario = validateScenario(JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')), path.join(dir, 'scenario.json'));
  const recorded = JSON.parse(readFileSync(path.join(dir, `${which}-trace.json`), 'utf8')) as NormTrace;
  const r = compareOutput(scenario, output, recorded, [`recorded ${which} (${recorded.info.subject})`, 'this run']);
  return { same: r.same, text: r.text };
}

function main(argv: string[]): number {
  const [dir, out, which = 'reference'] = argv;
  if (!dir || !out || (which !== 'reference' && which !== 'subject')) {
    process.stderr.write('usage: npx tsx harness/repro/compare.ts BUNDLE_DIR OUTPUT_FILE [reference|subject]\n');
    return 2;
  }
  const r = compareBundleOutput(dir, readFileSync(out === '-' ? 0 : out, 'utf8'), which);
  process.stdout.write(`${r.text}\n${r.same ? 'same' : 'different'}\n`);
  return r.same ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
