/** gentcp run: one scenario on a subject and its reference; both traces, the diff and the verdict. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkCapture } from '../capture/pcap.js';
import { renderSideBySide } from '../compare/diff.js';
import { loadAllDivergences } from '../compare/divergences.js';
import { runRepeated } from '../runner/case.js';
import { defaultAgainst, parseSubject } from '../vocabulary/subject.js';
import { loadScenarioFile } from '../scenario/validate.js';
import { BUILTIN_SOURCE, loadScenarioSources, uniqueScenarios } from '../scenario/sources.js';
import type { Scenario } from '../scenario/schema.js';
import { renderTimeline } from '../report/timeline.js';
import { rerunCommand } from '../report/rerun.js';
import type { ReferenceChoice } from '../providers/types.js';
import { allScenarios } from '../../suites/index.js';
import { withReference } from './session.js';
import { exitCodeFor } from './exit-codes.js';

export interface RunOptions {
  target: string;
  subject: string;
  against: string | undefined;
  reference: ReferenceChoice;
  otp: string | undefined;
  image: string | undefined;
  repeat: number;
  json: boolean;
  capture: boolean;
  /** --divergences: known-divergence files added to the built-in one. */
  divergenceFiles?: string[];
  /** --scenarios: files and directories where an id may also be found. */
  scenarioPaths?: string[];
}

/** A scenario by file, or by id among the built-ins and the --scenarios files (an id held twice is an error). */
export async function findScenario(target: string, scenarioPaths: readonly string[] = []): Promise<Scenario> {
  return (await findSourcedScenario(target, scenarioPaths)).scenario;
}

/** As findScenario, with the file the scenario came from (none for a built-in one). */
export async function findSourcedScenario(target: string, scenarioPaths: readonly string[] = []): Promise<{ scenario: Scenario; source?: string }> {
  if (target.endsWith('.json') || existsSync(target)) return { scenario: await loadScenarioFile(target), source: target };
  const all =
    scenarioPaths.length === 0
      ? allScenarios().map((scenario) => ({ scenario, source: BUILTIN_SOURCE }))
      : [...allScenarios().map((scenario) => ({ scenario, source: BUILTIN_SOURCE })), ...(await loadScenarioSources(scenarioPaths))];
  uniqueScenarios(all);
  const found = all.find((x) => x.scenario.id === target);
  if (!found) throw new Error(`no scenario "${target}" (gentcp list shows the built-in ones${scenarioPaths.length ? `; --scenarios gave ${scenarioPaths.join(', ')}` : ''})`);
  return found.source === BUILTIN_SOURCE ? { scenario: found.scenario } : found;
}

export async function runCommand(o: RunOptions): Promise<number> {
  const { scenario, source } = await findSourcedScenario(o.target, o.scenarioPaths);
  // Read before the reference starts, so a bad file is an error at once.
  const divergences = loadAllDivergences(o.divergenceFiles);
  const subject = parseSubject(o.subject);
  const against = o.against ?? defaultAgainst(subject);
  parseSubject(against);
  const log = (l: string): void => void (o.json ? process.stderr.write(`${l}\n`) : console.log(l));
  if (o.capture) await checkCapture();
  const captureDir = path.join('reports', 'captures', `${scenario.id}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const result = await withReference(o.reference, o.otp, o.image, log, (ctx) =>
    runRepeated(scenario, subject.name, against, ctx, { divergences, ...(o.capture ? { capture: { dir: captureDir, reportDir: '.' } } : {}) }, o.repeat),
  );
  if (o.json) {
    console.log(JSON.stringify({ ...result, subjectTrace: result.subjectTrace, referenceTrace: result.referenceTrace }, null, 2));
    return exitCodeFor([result.verdict]);
  }
  console.log(`\n${scenario.id} — ${scenario.title}`);
  console.log(`spec: ${scenario.spec.section}: "${scenario.spec.quote}"`);
  console.log(`requirement: ${scenario.rationale}\n`);
  if (result.referenceTrace) console.log(`reference ${against} (OTP ${result.otpVersion}, ${result.provider}):\n${renderTimeline(result.referenceTrace)}\n`);
  if (result.subjectTrace) console.log(`subject ${subject.name}:\n${renderTimeline(result.subjectTrace)}\n`);
  if (result.diff.length) console.log(`${renderSideBySide(result.diff, `reference ${against}`, `subject ${subject.name}`)}\n`);
  if (result.stability && result.stability.runs > 1) {
    console.log(`stability: ${result.stability.runs} runs, ${result.stability.distinct} distinct subject trace(s):`);
    result.stability.counts.forEach((c, i) => console.log(`  trace ${i + 1}: ${c.count}× (${c.verdict})${c.firstLine ? ` ${c.firstLine}` : ''}`));
  }
  for (const [who, c] of Object.entries(result.capture ?? {})) {
    if (!c) continue;
    console.log(`capture (${who}): ${c.pcap}, ${c.packets} packets`);
    for (const e of c.events) console.log(`  ${e.t.toFixed(1).padStart(8)} ms  ${e.flag.padEnd(3)} ${e.from} -> ${e.to}`);
  }
  console.log(`verdict: ${result.verdict}`);
  for (const r of result.reasons) console.log(`  ${r}`);
  // A scenario from a file re-runs from that file, so the command needs no --scenarios.
  console.log(`re-run: ${rerunCommand({ ...result, ...(source ? { source } : {}), ...(o.divergenceFiles ? { divergenceFiles: o.divergenceFiles } : {}) })}`);
  return exitCodeFor([result.verdict]);
}
