/**
 * Your own implementation as the subject, through the CLI as a user runs it:
 * a JS module (module:<path>) and a node speaking erlang/PROTOCOL.md (node:HOST:PORT,
 * node:cmd:<command>), each on one scenario against a local reference.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { projectRoot } from '../../harness/vocabulary/project.js';
import { startLocal } from '../../harness/providers/local.js';
import { runCliAsync, type CliOutcome } from '../../harness/testing/cli-child.js';
import type { ReferenceNode } from '../../harness/providers/types.js';

const root = projectRoot();
const SCENARIO = 'econnreset.active-show';
const example = path.join(root, 'examples', 'module-subject', 'impl.mjs');
const driverCommand = `node:cmd:escript ${path.join(root, 'erlang', 'gentcp_driver.escript')}`;

type Outcome = CliOutcome;

/** At most this many CLI runs at once: each mostly waits on its sockets, so they overlap well. */
const atOnce = pLimit(4);
const gentcp = (args: string[], env: Record<string, string> = {}): Promise<Outcome> =>
  atOnce(() => runCliAsync(args, { env: { NO_COLOR: '1', ...env }, drop: ['GENTCP_SUBJECTS', 'GENTCP_SUBJECT_TOKEN', 'FORCE_COLOR'], timeoutMs: 110_000 }));

const runs = new Map<string, Promise<Outcome>>();
/** Starts `gentcp run` of the scenario on `subject` under `name`; the test of that name awaits it. */
function start(name: string, subject: string, env: Record<string, string> = {}): void {
  runs.set(name, gentcp(['run', SCENARIO, '--subject', subject, '--reference', 'local'], env));
}
function outcome(name: string): Promise<Outcome> {
  const r = runs.get(name);
  if (!r) throw new Error(`no run named ${name}`);
  return r;
}

/** The named run, once its verdict line and exit status are what they should be. */
async function judged(name: string, verdict: string, status: number): Promise<Outcome> {
  const r = await outcome(name);
  expect(r.stdout).toMatch(new RegExp(`verdict: ${verdict}\\b`));
  expect(r.status).toBe(status);
  return r;
}

let scratch: string;
let node: ReferenceNode | undefined;
// Every run starts here, a few at once; each test then judges its own.
beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'gentcp-subjects-'));
  const broken = path.join(scratch, 'broken.mjs');
  writeFileSync(
    broken,
    [
      `import * as base from ${JSON.stringify(pathToFileURL(example).href)};`,
      `export * from ${JSON.stringify(pathToFileURL(example).href)};`,
      `export const inet = { ...base.inet, setopts: () => ['error', 'einval'] };`,
    ].join('\n'),
  );
  const empty = path.join(scratch, 'empty.mjs');
  writeFileSync(empty, 'export const gen_tcp = {};\n');
  node = await startLocal();
  start('example', 'module:examples/module-subject/impl.mjs');
  start('example@socket', 'module:examples/module-subject/impl.mjs@socket');
  start('broken', `module:${broken}`);
  start('empty', `module:${empty}`);
  start('node', `node:127.0.0.1:${node.port}`, { GENTCP_SUBJECT_TOKEN: node.token });
  start('node@socket', `node:127.0.0.1:${node.port}@socket`, { GENTCP_SUBJECT_TOKEN: node.token });
  start('node-no-token', `node:127.0.0.1:${node.port}`);
  start('node-wrong-token', `node:127.0.0.1:${node.port}`, { GENTCP_SUBJECT_TOKEN: 'not-the-token' });
  start('node-cmd', driverCommand);
});
afterAll(async () => {
  await Promise.allSettled(runs.values());
  node?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** [what the test claims, the run, its verdict, its exit status, what its report must say]. */
type Claim = [title: string, run: string, verdict: string, status: number, says: () => string];

describe('module:<path>', () => {
  test.each<Claim>([
    ['the example adapter matches real Erlang, named as given in the report', 'example', 'match', 0, () => 'subject module:examples/module-subject/impl.mjs:'],
    ['@socket runs the socket backend against erlang:socket', 'example@socket', 'match', 0, () => 'reference erlang:socket'],
    ['the module is what runs: one whose setopts refuses fails, with the diff', 'broken', 'fail', 1, () => '{error,einval}'],
    ['a module without the gentcp API is a harness error naming what is missing', 'empty', 'error', 2, () => 'does not export gen_tcp.listen'],
  ])('%s', async (_title, run, verdict, status, says) => {
    expect((await judged(run, verdict, status)).stdout).toContain(says());
  });
});

describe('node:HOST:PORT and node:cmd:<command>', () => {
  test.each<Claim>([
    ['a second driver runs the subject side, with its token from GENTCP_SUBJECT_TOKEN', 'node', 'match', 0, () => `subject node:127.0.0.1:${node!.port}:`],
    ['@socket on the node, against erlang:socket', 'node@socket', 'match', 0, () => 'reference erlang:socket'],
    ['node:cmd: starts the command, waits for its ready line, and stops it at the end', 'node-cmd', 'match', 0, () => `re-run: gentcp run ${SCENARIO} --subject '${driverCommand}' --against erlang:inet`],
  ])('%s', async (_title, run, verdict, status, says) => {
    expect((await judged(run, verdict, status)).stdout).toContain(says());
  });

  test('without the token, or with a wrong one, the case is an error that says why', async () => {
    const none = await outcome('node-no-token');
    expect(none.stdout).toContain('set GENTCP_SUBJECT_TOKEN');
    expect(none.status).toBe(2);
    const wrong = await outcome('node-wrong-token');
    expect(wrong.stdout).toMatch(/verdict: error\b/);
    expect(wrong.stdout).toContain('the subject node');
    expect(wrong.status).toBe(2);
  });
});
