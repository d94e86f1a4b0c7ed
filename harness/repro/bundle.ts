/**
 * `gentcp repro` bundles: one case as a self-contained directory that
 * reproduces it without the harness.
 *
 *   scenario.json          the scenario
 *   replay.json            the scenario as both replays run it (./plan.ts): budgets, bind names, defaults
 *   repro.escript          the replay on real Erlang (OTP 25+): escript repro.escript [inet|socket]
 *   src/*.erl              what it runs: the reference driver's own run and actor, and the replay
 *   repro.mjs, steps.mjs   the replay on gentcp alone (harness/runner/standalone/): node repro.mjs [inet|socket]
 *   reference-trace.json   the recorded normalised traces of the case
 *   subject-trace.json
 *   diff.txt               the two side by side (harness/compare/diff.ts)
 *   README.md              what the case is and how to run and compare
 *
 * Nothing in them is generated code: the scripts are copies of the driver's and the ts
 * executor's files, and replay.json is data. Both print their run as JSON lines;
 * readPrintedTrace (./read.ts) turns that into a normalised trace that compares with
 * traceLines exactly as the harness compares a recorded case.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diffLines, renderSideBySide, type DiffRow } from '../compare/diff.js';
import { traceLines } from '../compare/lines.js';
import type { NormTrace } from '../compare/normalise.js';
import { erlangDir } from '../providers/paths.js';
import { projectRoot } from '../vocabulary/project.js';
import type { CaseResult } from '../runner/case.js';
import { defaultAgainst, parseSubject } from '../vocabulary/subject.js';
import type { Scenario } from '../scenario/schema.js';
import { planJson, replayPlan } from './plan.js';
import { readPrintedTrace } from './read.js';

export { readPrintedTrace, readPrintedRawTrace, ReproOutputError } from './read.js';

/** The driver's modules a replay runs (gentcp_driver and gentcp_session serve the control connection, which it has not). */
export const REPLAY_MODULES = ['gentcp_actor.erl', 'gentcp_run.erl', 'gentcp_replay.erl', 'gentcp_json.erl'];

/** The JavaScript replay as written (the package ships it as it is: the build's copy is reprinted by tsc). */
const runtimeDir = (): string => path.join(projectRoot(), 'harness', 'runner', 'standalone');

export interface ReproBundleOptions {
  scenario: Scenario;
  /** The subject of the case: erlang:inet, erlang:socket, ts:inet or ts:socket. */
  subject: string;
  /** The reference it was compared with (default: erlang:<the subject's backend>). */
  against?: string;
  /** The OTP release of the case (the reference's; the release repro.mjs makes gentcp emulate). */
  otp: string;
  /** The recorded case: its normalised traces, diff rows and verdict. Without it only the scripts are written. */
  result?: CaseResult;
  /** The directory to write (created if missing). */
  outDir: string;
}

export interface ReproBundle {
  dir: string;
  /** File name -> absolute path of everything written. */
  files: Record<string, string>;
}

export function writeReproBundle(o: ReproBundleOptions): ReproBundle {
  const subject = parseSubject(o.subject);
  // The bundle's scripts replay on real Erlang or on gentcp; a user's module or node has no script here.
  if (subject.impl !== 'erlang' && subject.impl !== 'ts') throw new Error(`repro bundles cover the built-in subjects only, not ${subject.name}`);
  const against = parseSubject(o.against ?? defaultAgainst(subject));
  const s = o.scenario;
  const dir = path.resolve(o.outDir);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const files: Record<string, string> = {};
  const write = (name: string, text: string): void => {
    files[name] = path.join(dir, name);
    writeFileSync(files[name], text);
  };
  const copy = (from: string, name: string): void => {
    files[name] = path.join(dir, name);
    copyFileSync(from, files[name]);
  };
  const r = o.result;

  write('scenario.json', `${JSON.stringify(s, null, 2)}\n`);
  write('replay.json', planJson(replayPlan(s, { otp: o.otp, erlangBackend: against.backend, tsBackend: subject.backend })));
  copy(path.join(erlangDir(), 'gentcp_driver.escript'), 'repro.escript');
  for (const m of REPLAY_MODULES) copy(path.join(erlangDir(), 'src', m), `src/${m}`);
  copy(path.join(runtimeDir(), 'replay.mjs'), 'repro.mjs');
  copy(path.join(runtimeDir(), 'steps.mjs'), 'steps.mjs');
  if (r?.referenceTrace) write('reference-trace.json', `${JSON.stringify(r.referenceTrace, null, 2)}\n`);
  if (r?.subjectTrace) write('subject-trace.json', `${JSON.stringify(r.subjectTrace, null, 2)}\n`);
  const rows = caseRows(s, r);
  if (r) write('diff.txt', rows.length ? `${renderSideBySide(rows, `reference ${against.name}`, `subject ${subject.name}`)}\n` : `(no traces to compare: ${r.verdict}${r.reasons.length ? ` — ${r.reasons.join('; ')}` : ''})\n`);
  write('README.md', readme(o, subject.name, against.name, subject.impl as 'erlang' | 'ts', rows));
  return { dir, files };
}

function caseRows(s: Scenario, r: CaseResult | undefined): DiffRow[] {
  if (!r) return [];
  if (r.referenceTrace && r.subjectTrace) return diffLines(traceLines(r.referenceTrace, s), traceLines(r.subjectTrace, s));
  return r.diff;
}

/** How a script's printed output compares with a recorded trace, line for line as the harness compares. */
export function compareOutput(scenario: Scenario, output: string, recorded: NormTrace, titles: [string, string] = ['recorded', 'repro']): { same: boolean; rows: DiffRow[]; text: string } {
  const rows = diffLines(traceLines(recorded, scenario), traceLines(readPrintedTrace(output, scenario), scenario));
  return { same: rows.every((x) => x.mark === '='), rows, text: renderSideBySide(rows, titles[0], titles[1]) };
}

function readme(o: ReproBundleOptions, subject: string, against: string, impl: 'erlang' | 'ts', rows: DiffRow[]): string {
  const s = o.scenario;
  const r = o.result;
  const refBackend = parseSubject(against).backend;
  const subBackend = parseSubject(subject).backend;
  const differs = rows.filter((x) => x.mark !== '=').length;
  const dir = path.resolve(o.outDir);
  const quote = s.spec.quote.split('\n').map((l) => `> ${l}`).join('\n');
  const lines = [
    `# ${s.id}`,
    '',
    `**${s.title}**`,
    '',
    `Spec (${s.spec.section}):`,
    '',
    quote,
    '',
    `Requirement: ${s.rationale}`,
    '',
    '## The case',
    '',
    `- subject: \`${subject}\`, compared with the reference \`${against}\``,
    `- OTP ${r?.otpVersion ?? o.otp}${r ? ` (${r.provider} reference)` : ''}`,
    ...(r
      ? [
          `- verdict: **${r.verdict}**${differs ? ` (${differs} line${differs === 1 ? '' : 's'} differ; see diff.txt)` : ''}`,
          ...r.reasons.map((x) => `  - ${x}`),
          ...(r.divergence ? [`- known divergence: ${JSON.stringify(r.divergence)}`] : []),
        ]
      : ['- no recorded case was given: only the scripts are here']),
    '',
    '## Files',
    '',
    '- `scenario.json`: the scenario, as `gentcp run scenario.json` takes it.',
    '- `replay.json`: the same steps, a line each, as both scripts run them: with the budget of each call, the name',
    '  each socket step binds, and the defaults the harness applies, written in by `gentcp repro`.',
    '- `repro.escript` and `src/*.erl`: the steps with plain `gen_tcp`/`inet` on real Erlang; no harness, no network',
    "  control channel. The script is the harness's reference driver launcher, and `src/` holds the driver's own run",
    '  and actor modules (`gentcp_run.erl`, `gentcp_actor.erl`: every call a step makes is in `gentcp_actor:op/2`)',
    '  and the replay that drives them in place of the harness (`gentcp_replay.erl`, `gentcp_json.erl`).',
    "- `repro.mjs` and `steps.mjs`: the same steps on gentcp alone (both sides gentcp processes); `steps.mjs` is the",
    "  harness's own ts executor.",
    ...(r?.referenceTrace ? [`- \`reference-trace.json\`: the recorded normalised trace of the reference (\`${against}\`).`] : []),
    ...(r?.subjectTrace ? [`- \`subject-trace.json\`: the recorded normalised trace of the subject (\`${subject}\`).`] : []),
    ...(r ? ['- `diff.txt`: the two, side by side, as the harness compares them (step results in order, each mailbox, exits).'] : []),
    '',
    '## Run the Erlang script',
    '',
    '```sh',
    `escript repro.escript            # subject sockets on ${refBackend}: the reference's run`,
    ...(impl === 'erlang' && subBackend !== refBackend ? [`escript repro.escript ${subBackend}     # subject sockets on ${subBackend}: the subject's run`] : []),
    '```',
    '',
    `It needs Erlang/OTP 25 or later (it says so on stderr when the release differs from the case's OTP ${o.otp}).`,
    `Subject sockets get \`{inet_backend, Backend}\` first in their listen/connect options, as the harness`,
    `does; peer sockets use ${s.peerBackend ?? 'inet'}. Each actor is a process of its own, traced for its socket`,
    'messages (`tcp`, `tcp_closed`, `tcp_error`, `tcp_passive`, `http`, `{S, {data, _}}`).',
    '',
    '## Run the JavaScript script',
    '',
    '```sh',
    'node repro.mjs                   # imports the installed gentcp package',
    '# or, from a gentcp checkout, on its sources:',
    `GENTCP_MODULE=$PWD/src/index.ts node --import tsx ${path.join(dir, 'repro.mjs')}`,
    '```',
    '',
    `Every actor is a gentcp process: subject sockets on ${subBackend} (an argument \`inet\` or \`socket\` changes`,
    `it), peer sockets on ${s.peerBackend ?? 'inet'}, and gentcp emulates OTP ${o.otp} (\`setEmulatedOtp\`). The`,
    'package is `gentcp` as this directory resolves it, or the entry the `GENTCP_MODULE` environment variable names',
    "(a build's `dist/index.js`, a checkout's `src/index.ts`); `gentcp/testing` comes from beside it.",
    impl === 'ts'
      ? 'Its trace is the one to compare with `subject-trace.json`.'
      : `It shows what gentcp does in the place of \`${subject}\` (compare with \`subject-trace.json\`).`,
    '',
    '## What they print',
    '',
    'When the run ends, one JSON object a line:',
    '',
    '```',
    '{"repro":"gentcp","impl":"erlang","scenario":"…","backend":"inet","otp":"25","otpVersion":"…"}   the header',
    '{"spawned":"client","pid":{"rawpid":"<0.85.0>"}}            an actor\'s process',
    '{"bind":"L","sock":{"rawsock":"#Port<0.5>"},"port":40123,"actor":"server"}   a socket a step named',
    '{"path":"P","file":"/tmp/gentcp-repro-…-P.sock"}            where a {path, P} placeholder (a unix socket) went',
    '{"step":3,"status":"done","result":["ok",{"rawsock":"#Port<0.7>"}],"t0":1.2,"t1":1.4}   each step: result, or',
    '          {"raise":"error","reason":…} / {"exited":…}; status pending (never finished) or error',
    '{"msg":["tcp",{"rawsock":"#Port<0.6>"},{"bin":"hello"}],"actor":"client","t":2.5}   each socket message, in arrival order',
    '{"exit":"client","reason":"killed","t":30.1}                each actor exit',
    '{"error":"…"}                                               the run itself failed (a step ran past its budget)',
    '```',
    '',
    "Terms are in the harness's JSON form: atoms are strings, tuples arrays, `{\"bin\":…}` binaries (latin1),",
    '`{"str":…}` byte lists, `{"list":[…]}` other lists. Sockets and pids are printed as they are (Erlang\'s as',
    '`{"rawsock":…}`, `{"rawpid":…}`; gentcp\'s sockets as `["$gentcp_socket",N]`, its actors by name); the `bind` and',
    '`spawned` lines name them, as the harness names them in a trace. Times are ms since the run started and are',
    'not compared.',
    '',
    '## Compare',
    '',
    'With the harness, line for line as the case was judged. Save each output, then compare it from the root',
    'of a gentcp checkout:',
    '',
    '```sh',
    `escript ${path.join(dir, 'repro.escript')} > ${path.join(dir, 'escript.out')}`,
    `npx tsx harness/repro/compare.ts ${dir} ${path.join(dir, 'escript.out')} reference`,
    ...(impl === 'erlang' && subBackend !== refBackend
      ? [
          `escript ${path.join(dir, 'repro.escript')} ${subBackend} > ${path.join(dir, `escript-${subBackend}.out`)}`,
          `npx tsx harness/repro/compare.ts ${dir} ${path.join(dir, `escript-${subBackend}.out`)} subject`,
        ]
      : []),
    `GENTCP_MODULE=$PWD/src/index.ts node --import tsx ${path.join(dir, 'repro.mjs')} > ${path.join(dir, 'mjs.out')}`,
    `npx tsx harness/repro/compare.ts ${dir} ${path.join(dir, 'mjs.out')} subject`,
    '```',
    '',
    'It reads the output with `readPrintedTrace` (harness/repro/read.ts: the real `normalise()`, so sockets, pids',
    'and port numbers take their names, adjacent raw-mode data messages merge and big binaries summarise as in a',
    'recorded trace), prints both side by side and exits 0 when every line is the same: what diff.txt shows for',
    'the recorded case. Where gentcp-conformance is installed instead, its build does the same:',
    '`node node_modules/gentcp-conformance/dist/harness/repro/compare.js BUNDLE_DIR OUTPUT_FILE reference|subject`.',
    '',
  ];
  return lines.join('\n');
}
