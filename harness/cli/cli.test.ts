/**
 * The CLI as a user runs it, in a child process: help and version run nothing,
 * usage errors name what was wrong and exit 2, and output is plain unless a terminal
 * (or FORCE_COLOR) asks for colour. None of these cases starts a reference.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { runCli, type CliOutcome } from '../testing/cli-child.js';

const root = projectRoot();
const ANSI = /\x1b\[/;

type Outcome = CliOutcome;

/** Runs `gentcp ...args` from source; the environment has no colour settings unless `env` adds them. */
function gentcp(args: string[], env: Record<string, string> = {}): Outcome {
  return runCli(args, { env, drop: ['NO_COLOR', 'FORCE_COLOR', 'CI', 'GENTCP_SUBJECTS'], timeoutMs: 60_000 });
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'gentcp-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('gentcp --version', () => {
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  test.each([['--version'], ['-v']])('%s prints the package version and exits 0', (flag) => {
    const r = gentcp([flag]);
    expect(r.stdout.trim()).toBe(version);
    expect(r.status).toBe(0);
  });
});

describe('help prints usage and runs nothing', () => {
  test.each([
    [['--help'], 'Usage: gentcp [options] [command]'],
    [['-h'], 'Usage: gentcp [options] [command]'],
    [['help', 'run'], 'Usage: gentcp run [options] <id>'],
    [['run', '--help'], 'Usage: gentcp run [options] <id>'],
    [['run', 'econnreset.active-show', '-h'], 'Usage: gentcp run [options] <id>'],
    [['repro', 'econnreset.active-show', '--help'], 'Usage: gentcp repro [options] <id>'],
    [['selfcheck', '--help'], 'Usage: gentcp selfcheck [options]'],
  ])('gentcp %j', (args, usage) => {
    const r = gentcp(args);
    expect(r.stdout).toContain(usage);
    expect(r.stdout).toContain('--help');
    expect(r.stdout).not.toContain('verdict:');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('conformance --help lists its options and writes no report', () => {
    const out = path.join(scratch, 'conformance-help');
    const r = gentcp(['conformance', '--help', '--reference', 'local', '--out', out]);
    expect(r.stdout).toContain('Usage: gentcp conformance [options]');
    expect(r.stdout).toContain('--subjects <list>');
    expect(r.stdout).toContain('ts:inet,ts:socket');
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  test('the global help lists every command', () => {
    const r = gentcp(['--help']);
    for (const cmd of ['list', 'run', 'record', 'repro', 'conformance', 'selfcheck', 'doctor', 'help']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });
});

describe('usage errors name what was wrong and exit 2', () => {
  test.each([
    [['bogus'], "unknown command 'bogus'"],
    [['run', 'econnreset.active-show', '--bogus'], "unknown option '--bogus'"],
    [['run'], "missing required argument 'id'"],
    [['run', 'a', 'b'], "too many arguments for 'run'"],
    [['conformance', '--otp', '26'], `option '--otp <list>' argument '26' is invalid. --otp takes 25, 27, 29, not "26"`],
    [['run', 'econnreset.active-show', '--otp', '26'], `--otp takes 25, 27, 29, not "26"`],
    [['run', 'econnreset.active-show', '--otp', '25,27'], 'give one release (conformance takes several)'],
    [['conformance', '--reference', 'docker'], `--reference takes auto, container, local, recorded (optionally :OTP), not "docker"`],
    [['conformance', '--reference', 'local:24'], `--reference local:OTP takes 25, 27, 29, not "24"`],
    [['run', 'econnreset.active-show', '--repeat', '0'], `--repeat takes a whole number from 1 to 1000, not "0"`],
    [['conformance', '--subjects', 'ts:inet,ts:tcp'], 'unknown subject "ts:tcp"'],
    [['run', 'econnreset.active-show', '--subject', 'ts'], "option '--subject <subject>' argument 'ts' is invalid"],
    [['record', 'econnreset.active-show', '--subject', 'ts:inet'], 'Allowed choices are erlang:inet, erlang:socket'],
  ])('gentcp %j', (args, message) => {
    const out = path.join(scratch, 'usage-error');
    const r = gentcp(args[0] === 'conformance' ? [...args, '--out', out] : args);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  test('an id defined twice in --scenarios files names both files, and nothing starts', () => {
    const dir = path.join(scratch, 'own-scenarios');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    const sc = { id: 'acme.area.same', title: 't', spec: { section: 's', quote: 'q' }, rationale: 'r', actors: { a: { side: 'subject' } }, steps: [{ op: 'wait', ms: 1 }] };
    writeFileSync(path.join(dir, 'one.json'), JSON.stringify(sc));
    writeFileSync(path.join(dir, 'sub', 'two.json'), JSON.stringify(sc));
    const out = path.join(scratch, 'dup-out');
    const r = gentcp(['conformance', '--scenarios', dir, '--reference', 'local', '--out', out]);
    expect(r.stderr).toContain(`scenario id acme.area.same is defined twice: in ${path.join(dir, 'one.json')} and in ${path.join(dir, 'sub', 'two.json')}`);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  test('a bad --divergences file is an error naming it, before anything starts', () => {
    const f = path.join(scratch, 'bad-divergences.json');
    writeFileSync(f, JSON.stringify({ divergences: [{ scenario: 'x.y' }] }));
    const r = gentcp(['run', 'econnreset.active-show', '--reference', 'local', '--divergences', f]);
    expect(r.stderr).toContain(`${f}: divergences[0].subjects`);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });

  test('no command at all prints the usage and exits 2', () => {
    const r = gentcp([]);
    expect(r.stderr).toContain('Usage: gentcp [options] [command]');
    expect(r.status).toBe(2);
  });
});

describe('colour', () => {
  const args = ['bogus'];
  test('output that is not a terminal is plain, even with CI set', () => {
    const r = gentcp(args, { CI: 'true' });
    expect(r.stderr).toContain("unknown command 'bogus'");
    expect(r.stderr).not.toMatch(ANSI);
  });

  test('NO_COLOR wins over FORCE_COLOR', () => {
    const r = gentcp(args, { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(r.stderr).toContain("unknown command 'bogus'");
    expect(r.stderr).not.toMatch(ANSI);
  });

  test('FORCE_COLOR colours an error', () => {
    expect(gentcp(args, { FORCE_COLOR: '1' }).stderr).toMatch(ANSI);
  });
});
