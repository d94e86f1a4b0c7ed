/**
 * The command line: every command's usage, arguments and options, on commander.
 * A command's code (harness/cli/<command>.ts) is loaded only when it runs, so that
 * --help, --version and usage errors answer at once and start nothing.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_WORKERS } from '../runner/sharing.js';
import { SELFCHECK_SUBJECTS, SUBJECTS, subjectsFromEnv, type SubjectName } from '../vocabulary/subject.js';
import { coloursFor } from './colour.js';
import {
  addOneReferenceOptions,
  collectPaths,
  anySubjectOption,
  againstOption,
  oneTarget,
  OTPS,
  parseOtps,
  parseReferences,
  parseRepeat,
  parseShardOption,
  parseSubjectList,
  parseWorkers,
  referenceTargets,
  subjectOption,
  type ReferenceTarget,
} from './options.js';
import type { ConformanceOptions } from './conformance.js';
import type { RecordOptions } from './record.js';
import { suiteVersion } from './version.js';

const EXIT_CODES = 'Exit codes: 0 pass, 1 fail, 2 a harness error or bad usage.';

/** The flags of run, record and repro, as commander gives them. */
interface OneCaseFlags {
  subject: SubjectName;
  reference: ReferenceTarget;
  otp?: string;
  image?: string;
  out?: string;
  scenarios?: string[];
}

function oneCase(id: string, f: OneCaseFlags): RecordOptions {
  const target = oneTarget(f.reference, f.otp);
  return { target: id, subject: f.subject, reference: target.provider, otp: target.otp, image: f.image, out: f.out, ...(f.scenarios ? { scenarioPaths: f.scenarios } : {}) };
}

/** run, record and repro: where an id that is not built in may be found. */
const findInOption = (): Option =>
  new Option('--scenarios <paths>', 'also look the id up in these JSON scenario files and directories (as conformance --scenarios); repeatable or comma-separated').argParser(collectPaths);

interface ConformanceFlags {
  subjects?: SubjectName[];
  reference: ReferenceTarget[];
  otp?: string[];
  image?: string;
  out?: string;
  only?: string;
  baseline?: string;
  writeBaseline?: string;
  capture?: boolean;
  workers: number;
  shard?: { index: number; total: number };
  scenarios?: string[];
  withBuiltin?: boolean;
  divergences?: string[];
}

const divergencesOption = (): Option =>
  new Option('--divergences <files>', 'known-divergence files (the schema of fixtures/known-divergences.json) to add to the built-in one; repeatable or comma-separated').argParser(
    collectPaths,
  );

function conformanceRun(f: ConformanceFlags, subjects: readonly string[]): ConformanceOptions {
  return {
    subjects: [...subjects],
    targets: referenceTargets(f.reference, f.otp),
    image: f.image,
    out: f.out,
    only: f.only,
    baseline: f.baseline,
    writeBaseline: f.writeBaseline,
    capture: f.capture ?? false,
    workers: f.workers,
    ...(f.shard ? { shard: f.shard } : {}),
    ...(f.scenarios ? { scenarioPaths: f.scenarios } : {}),
    withBuiltin: f.withBuiltin ?? false,
    ...(f.divergences ? { divergenceFiles: f.divergences } : {}),
  };
}

/** The options conformance and selfcheck share; selfcheck's subjects are fixed. */
function conformanceOptions(cmd: Command, withSubjects: boolean): Command {
  if (withSubjects)
    cmd.addOption(
      new Option(
        '--subjects <list>',
        'the implementations to test, comma-separated: erlang:inet, erlang:socket, ts:inet, ts:socket, module:<path>[@inet|@socket] (a JS module exporting the gentcp API) or node:<host>:<port>[@…] / node:cmd:<command>[@…] (a node speaking erlang/PROTOCOL.md; GENTCP_SUBJECT_TOKEN holds its token) (default: GENTCP_SUBJECTS, else ts:inet,ts:socket)',
      ).argParser(parseSubjectList),
    );
  return cmd
    .addOption(
      new Option('--reference <list>', 'where the reference Erlang runs, comma-separated: auto, container or local, each optionally :OTP, or recorded:OTP (the recorded traces of fixtures/traces, no Erlang started)')
        .argParser(parseReferences)
        .default([{ provider: 'auto' }], 'auto'),
    )
    .addOption(new Option('--otp <list>', `the OTP releases of the references, comma-separated (${OTPS.join(', ')})`).argParser(parseOtps))
    .option('--image <image>', 'the container image of the reference (default: localhost/gentcp/erlang:<otp>, or GENTCP_ERLANG_IMAGE)')
    .option('--out <dir>', 'write the reports here only (default: reports/<run-id>/ and reports/latest/)')
    .option('--only <prefixes>', 'only the scenarios whose id starts with one of these, comma-separated')
    .option('--baseline <results.json>', 'gate: fail only for cases worse than this baseline')
    .option('--write-baseline <file>', 'also write a compact results file to commit as the next baseline')
    .option('--capture', "record each case's loopback traffic with tcpdump (one case at a time)")
    .addOption(new Option('--workers <n>', 'cases run at once on each reference node').argParser(parseWorkers).default(DEFAULT_WORKERS))
    .addOption(new Option('--shard <i/n>', 'run only the i-th of n stable shares of the scenarios (merge the outputs with gentcp merge)').argParser(parseShardOption))
    .addOption(
      new Option('--scenarios <paths>', 'run these JSON scenario files instead of the built-in suite (a directory: every *.json in it, recursively); repeatable or comma-separated').argParser(
        collectPaths,
      ),
    )
    .option('--with-builtin', 'with --scenarios: run the built-in suite as well')
    .addOption(divergencesOption());
}

/** gentcp with its commands; each action sets process.exitCode. */
export function program(): Command {
  const errColours = coloursFor(process.stderr);
  const p = new Command('gentcp')
    .description('Runs gen_tcp scenarios on a subject (the gentcp library by default) and on real Erlang, and diffs the traces.')
    .version(suiteVersion(), '-v, --version', 'print the version of gentcp-conformance')
    .helpOption('-h, --help', 'print usage and options')
    .helpCommand('help [command]', 'print the usage of a command')
    // Inherited by every command made with .command() below.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ outputError: (s, write) => write(errColours.red(s)) })
    .addHelpText(
      'after',
      '\nSubjects: conformance tests ts:inet,ts:socket (the gentcp library) unless --subjects or GENTCP_SUBJECTS says\n' +
        'otherwise, and the Jest suites share that default; run and repro test ts:inet; selfcheck tests real Erlang.\n' +
        EXIT_CODES,
    );

  p.command('list')
    .summary('print every scenario id, one per line')
    .action(async () => {
      const { listCommand } = await import('./list.js');
      process.exitCode = listCommand();
    });

  addOneReferenceOptions(
    p
      .command('run')
      .argument('<id>', 'a scenario id (gentcp list) or a scenario .json file')
      .summary('run one scenario on a subject and on real Erlang, and show both traces and the verdict')
      .description(
        'Runs the scenario on the subject and on the reference backend, prints both traces as timelines, the side-by-side diff, ' +
          'the verdict and the command to re-run it. By default ts:inet (the gentcp library) against erlang:inet.\n\n' +
          EXIT_CODES,
      )
      .addOption(anySubjectOption('ts:inet', 'the implementation to test'))
      .addOption(againstOption())
      .addOption(findInOption()),
  )
    .option('--repeat <n>', 'run it N times (1 to 1000) and count the distinct traces', parseRepeat, 1)
    .option('--json', 'print one JSON object instead of the timelines')
    .option('--capture', 'record the loopback traffic with tcpdump')
    .addOption(divergencesOption())
    .addHelpText(
      'after',
      '\nExamples:\n  gentcp run econnreset.active-show --reference local\n' +
        '  gentcp run backend-differences.show-econnreset-passive --subject erlang:socket --against erlang:inet\n' +
        '  gentcp run econnreset.active-show --subject module:./my-impl.mjs@socket --reference local\n' +
        '  GENTCP_SUBJECT_TOKEN=secret gentcp run econnreset.active-show --subject node:127.0.0.1:4000 --reference local',
    )
    .action(async (id: string, f: OneCaseFlags & { against?: SubjectName; repeat: number; json?: boolean; capture?: boolean; divergences?: string[] }) => {
      const { runCommand } = await import('./run-command.js');
      const { reference, otp, image, scenarioPaths } = oneCase(id, f);
      process.exitCode = await runCommand({
        target: id,
        subject: f.subject,
        against: f.against,
        reference,
        otp,
        image,
        repeat: f.repeat,
        json: f.json ?? false,
        capture: f.capture ?? false,
        ...(f.divergences ? { divergenceFiles: f.divergences } : {}),
        ...(scenarioPaths ? { scenarioPaths } : {}),
      });
    });

  p.command('record')
    .argument('[id]', 'a scenario id (gentcp list) or a scenario .json file')
    .summary('run scenarios on real Erlang and save their traces under fixtures/traces/')
    .description(
      'Runs the scenario on a real Erlang backend and saves its normalised trace as fixtures/traces/otp-<N>/<backend>/<id>.json (or under --out). ' +
        'With --all: every scenario on both backends of each release (--otp 25,27,29), each checked over --repeat runs, with a manifest per release.',
    )
    .addOption(subjectOption(SELFCHECK_SUBJECTS, 'erlang:inet', 'the Erlang backend to record (one scenario)'))
    .addOption(findInOption())
    .option('--all', 'record every scenario on both backends of each release')
    .addOption(new Option('--reference <list>', 'where the reference Erlang runs: auto, container or local, each optionally :OTP (one unless --all)').argParser(parseReferences).default([{ provider: 'auto' }], 'auto'))
    .addOption(new Option('--otp <list>', `the OTP release(s) (${OTPS.join(', ')}; several with --all)`).argParser(parseOtps))
    .option('--image <image>', 'the container image of the reference (default: localhost/gentcp/erlang:<otp>, or GENTCP_ERLANG_IMAGE)')
    .option('--out <dir>', 'the traces directory (default: fixtures/traces/ of the package)')
    .option('--only <prefixes>', 'with --all: only the scenarios whose id starts with one of these, comma-separated')
    .option('--repeat <n>', 'with --all: runs per case (each a reference run and one judged against it); a case that is not the same on every run is marked unstable', parseRepeat, 2)
    .addOption(new Option('--workers <n>', 'with --all: cases run at once on each reference node').argParser(parseWorkers).default(DEFAULT_WORKERS))
    .action(async (id: string | undefined, f: { subject: SubjectName; all?: boolean; reference: ReferenceTarget[]; otp?: string[]; image?: string; out?: string; only?: string; repeat: number; workers: number; scenarios?: string[] }) => {
      if (f.all) {
        if (id !== undefined) throw new InvalidArgumentError('record --all records every scenario: give no id.');
        const { recordAllCommand } = await import('./record-all.js');
        process.exitCode = await recordAllCommand({ targets: referenceTargets(f.reference, f.otp), image: f.image, repeat: f.repeat, only: f.only, workers: f.workers, out: f.out, ...(f.scenarios ? { scenarioPaths: f.scenarios } : {}) });
        return;
      }
      if (id === undefined) throw new InvalidArgumentError('record takes a scenario id, or --all.');
      if (f.reference.length !== 1 || (f.otp?.length ?? 0) > 1) throw new InvalidArgumentError('record of one scenario starts one reference: give one --reference and one --otp.');
      const { recordCommand } = await import('./record.js');
      const { otp: otps, reference: refs, ...rest } = f;
      process.exitCode = await recordCommand(oneCase(id, { ...rest, reference: refs[0]!, ...(otps ? { otp: otps[0]! } : {}) }));
    });

  addOneReferenceOptions(
    p
      .command('repro')
      .argument('<id>', 'a scenario id (gentcp list) or a scenario .json file')
      .summary('write a bundle to attach to a bug report: scripts, traces, diff and a README')
      .description(
        'Runs one case and writes the scenario as JSON, a standalone Erlang escript and a standalone JavaScript script ' +
          'doing the same steps, both traces, the diff, and a README saying how to run each. By default ts:inet against erlang:inet.',
      )
      .addOption(subjectOption(SUBJECTS, 'ts:inet', 'the implementation to test'))
      .addOption(findInOption()),
  )
    .option('--out <dir>', 'the bundle directory (default: reports/repro/<id>.<subject>.otp<N>/)')
    .action(async (id: string, f: OneCaseFlags) => {
      const { reproCommand } = await import('./repro.js');
      process.exitCode = await reproCommand(oneCase(id, f));
    });

  conformanceOptions(
    p
      .command('conformance')
      .summary('run every scenario on the subjects against real Erlang and write the reports')
      .description(
        'Runs every scenario on each subject and on the reference Erlang, prints progress with an ETA, and writes ' +
          'results.json, report.md, junit.xml and index.html.\n\n' +
          'The subjects are --subjects, else GENTCP_SUBJECTS, else ts:inet,ts:socket: the gentcp library on both backends. ' +
          'gentcp selfcheck checks real Erlang against itself.\n\n' +
          'Exit codes: 0 pass, 1 a failure (with --baseline: a case got worse), 2 a harness error or bad usage.',
      ),
    true,
  ).action(async (f: ConformanceFlags) => {
    const { conformanceCommand } = await import('./conformance.js');
    process.exitCode = await conformanceCommand(conformanceRun(f, f.subjects ?? subjectsFromEnv()));
  });

  conformanceOptions(
    p
      .command('selfcheck')
      .summary('conformance with real Erlang as the subject: checks the oracle against itself')
      .description(
        `Runs conformance with the subjects ${SELFCHECK_SUBJECTS.join(',')}: each Erlang backend against itself. ` +
          'Every case should match; anything else is a harness fault or a flaky scenario, not a library bug.\n\n' +
          EXIT_CODES,
      ),
    false,
  ).action(async (f: ConformanceFlags) => {
    const { conformanceCommand } = await import('./conformance.js');
    process.exitCode = await conformanceCommand(conformanceRun(f, SELFCHECK_SUBJECTS));
  });

  p.command('drift')
    .summary("run real Erlang again and list every scenario whose trace no longer matches its recording")
    .description(
      'Runs every scenario on erlang:inet and erlang:socket of each release and judges it by the trace recorded in fixtures/traces ' +
        '(gentcp record --all). A case that no longer matches has drifted: the report shows both traces side by side. ' +
        'Run it when the Erlang packages or images move to a new OTP patch release; --update records again once a person has looked.\n\n' +
        'Exit codes: 0 no drift, 1 drift, 2 a harness error or bad usage.',
    )
    .addOption(new Option('--reference <list>', 'where real Erlang runs, comma-separated: auto, container or local, each optionally :OTP').argParser(parseReferences).default([{ provider: 'auto' }], 'auto'))
    .addOption(new Option('--otp <list>', `the releases to check (${OTPS.join(', ')})`).argParser(parseOtps))
    .option('--image <image>', 'the container image of the reference (default: localhost/gentcp/erlang:<otp>, or GENTCP_ERLANG_IMAGE)')
    .option('--out <dir>', 'write the reports here only (default: reports/<run-id>/ and reports/latest/)')
    .option('--only <prefixes>', 'only the scenarios whose id starts with one of these, comma-separated')
    .addOption(new Option('--workers <n>', 'cases run at once on each reference node').argParser(parseWorkers).default(DEFAULT_WORKERS))
    .option('--update', 'record the releases again after the check')
    .action(async (f: { reference: ReferenceTarget[]; otp?: string[]; image?: string; out?: string; only?: string; workers: number; update?: boolean }) => {
      if (f.reference.some((r) => r.provider === 'recorded')) throw new InvalidArgumentError('drift runs real Erlang: --reference takes auto, container or local here.');
      const { driftCommand } = await import('./drift.js');
      process.exitCode = await driftCommand({ targets: referenceTargets(f.reference, f.otp), image: f.image, out: f.out, only: f.only, workers: f.workers, update: f.update ?? false });
    });

  p.command('compare')
    .summary('real Erlang against real Erlang: what changes between two releases or the two backends')
    .description(
      'Judges every scenario\'s recorded trace on the --to side by its trace on the --from side (fixtures/traces, from gentcp record --all), ' +
        'and writes the usual reports: every behaviour that differs, grouped by family, with both traces, the spec section and the scenario. ' +
        'For an OTP upgrade: --from erlang:inet@25 --to erlang:inet@27; for a backend switch: --from erlang:inet@27 --to erlang:socket@27. ' +
        'With --live both sides are recorded afresh first. Your own scenarios: record them with --scenarios in the same traces directory (GENTCP_TRACES_DIR).\n\n' +
        'Exit codes: 0 compared (differences are the report, not a failure), 2 a case could not be judged or bad usage.',
    )
    .option('--from <side>', 'erlang:<inet|socket>@<25|27|29>')
    .option('--to <side>', 'erlang:<inet|socket>@<25|27|29>')
    .option('--standing', "instead of --from/--to: the standing reports, OTP upgrades 25 -> 27 and 27 -> 29 of each backend and inet -> socket on each release, one directory each and a summary (README.md)")
    .requiredOption('--out <dir>', 'where to write the reports')
    .option('--only <prefixes>', 'only the scenarios whose id starts with one of these, comma-separated')
    .option('--live', 'record both sides afresh (real Erlang must be available) instead of reading the recordings')
    .option('--traces <dir>', 'the recordings (default: GENTCP_TRACES_DIR, else fixtures/traces of the package)')
    .addOption(new Option('--scenarios <paths>', 'compare these JSON scenario files (recorded with record --all --scenarios) instead of the built-in suite; repeatable or comma-separated').argParser(collectPaths))
    .action(async (f: { from?: string; to?: string; standing?: boolean; out: string; only?: string; live?: boolean; traces?: string; scenarios?: string[] }) => {
      const { compareCommand, parseSide, standingReports } = await import('./compare.js');
      if (f.standing) {
        if (f.from || f.to) throw new InvalidArgumentError('--standing makes its own pairs: give no --from or --to.');
        process.exitCode = await standingReports({ out: f.out, only: f.only, traces: f.traces, ...(f.scenarios ? { scenarioPaths: f.scenarios } : {}) });
        return;
      }
      if (!f.from || !f.to) throw new InvalidArgumentError('compare takes --from and --to (or --standing).');
      let from, to;
      try {
        from = parseSide(f.from);
        to = parseSide(f.to);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
      process.exitCode = await compareCommand({ from, to, out: f.out, only: f.only, live: f.live ?? false, traces: f.traces, ...(f.scenarios ? { scenarioPaths: f.scenarios } : {}) });
    });

  p.command('merge')
    .argument('<dir...>', 'directories holding a results.json each (the --out of each shard or release)')
    .summary('combine the results of shards (or of one run per OTP release) into one report')
    .description(
      'Reads each results.json, checks that no case is held twice and no shard is missing, and writes one results.json, ' +
        'report.md, junit.xml and index.html in the order one run would have written them. --baseline gates the merged result.\n\n' +
        EXIT_CODES,
    )
    .requiredOption('--out <dir>', 'where to write the merged reports')
    .option('--baseline <results.json>', 'gate: fail only for cases worse than this baseline')
    .action(async (dirs: string[], f: { out: string; baseline?: string }) => {
      const { mergeCommand } = await import('./merge.js');
      process.exitCode = await mergeCommand({ dirs, out: f.out, baseline: f.baseline });
    });

  p.command('stability')
    .argument('<dir...>', 'directories holding a results.json each: runs of the same cases (for example --out of five conformance runs)')
    .summary('list the cases whose verdict or compared trace changed between runs of the same cases')
    .description(
      'Reads each results.json and lists every case that did not come out the same in every run: its verdicts, how many ' +
        'different traces (as the comparison saw them: times left out, shapes blanked), and the first line that differs.\n\n' +
        'Exit codes: 0 every case stable, 1 some case changed, 2 bad usage or unreadable results.',
    )
    .action(async (dirs: string[]) => {
      const { stabilityCommand } = await import('./stability.js');
      process.exitCode = stabilityCommand(dirs);
    });

  p.command('doctor')
    .summary('show which gentcp variant runs, the versions, and whether Erlang and Docker are there')
    .action(async () => {
      const { doctorCommand } = await import('./doctor.js');
      process.exitCode = await doctorCommand();
    });

  return p;
}
