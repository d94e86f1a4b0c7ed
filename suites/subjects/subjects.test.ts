/**
 * Your own implementation as the subject, through the CLI as a user runs it:
 * a JS module (module:<path>) and a node speaking erlang/PROTOCOL.md (node:HOST:PORT,
 * node:cmd:<command>), each on one scenario against a local reference.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../harness/vocabulary/project.js';
import { startLocal } from '../../harness/providers/local.js';
import { runCli, type CliOutcome } from '../../harness/testing/cli-child.js';
import type { ReferenceNode } from '../../harness/providers/types.js';

const root = projectRoot();
const SCENARIO = 'econnreset.active-show';
const example = path.join(root, 'examples', 'module-subject', 'impl.mjs');

type Outcome = CliOutcome;

function gentcp(args: string[], env: Record<string, string> = {}): Outcome {
  return runCli(args, { env: { NO_COLOR: '1', ...env }, drop: ['GENTCP_SUBJECTS', 'GENTCP_SUBJECT_TOKEN', 'FORCE_COLOR'], timeoutMs: 110_000 });
}

const run = (subject: string, env: Record<string, string> = {}, scenario = SCENARIO): Outcome => gentcp(['run', scenario, '--subject', subject, '--reference', 'local'], env);

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'gentcp-subjects-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('module:<path>', () => {
  test('the example adapter matches real Erlang, named as given in the report', () => {
    const r = run('module:examples/module-subject/impl.mjs');
    expect(r.stdout).toContain('subject module:examples/module-subject/impl.mjs:');
    expect(r.stdout).toMatch(/verdict: match\b/);
    expect(r.status).toBe(0);
  });

  test('@socket runs the socket backend against erlang:socket', () => {
    const r = run('module:examples/module-subject/impl.mjs@socket');
    expect(r.stdout).toContain('reference erlang:socket');
    expect(r.stdout).toMatch(/verdict: match\b/);
    expect(r.status).toBe(0);
  });

  test('the module is what runs: one whose setopts refuses fails, with the diff', () => {
    const broken = path.join(scratch, 'broken.mjs');
    writeFileSync(
      broken,
      [
        `import * as base from ${JSON.stringify(pathToFileURL(example).href)};`,
        `export * from ${JSON.stringify(pathToFileURL(example).href)};`,
        `export const inet = { ...base.inet, setopts: () => ['error', 'einval'] };`,
      ].join('\n'),
    );
    const r = run(`module:${broken}`);
    expect(r.stdout).toMatch(/verdict: fail\b/);
    expect(r.stdout).toContain('{error,einval}');
    expect(r.status).toBe(1);
  });

  test('a module without the gentcp API is a harness error naming what is missing', () => {
    const empty = path.join(scratch, 'empty.mjs');
    writeFileSync(empty, 'export const gen_tcp = {};\n');
    const r = run(`module:${empty}`);
    expect(r.stdout).toMatch(/verdict: error\b/);
    expect(r.stdout).toContain('does not export gen_tcp.listen');
    expect(r.status).toBe(2);
  });
});

describe('node:HOST:PORT and node:cmd:<command>', () => {
  let node: ReferenceNode;
  beforeAll(async () => {
    node = await startLocal();
  });
  afterAll(() => node.stop());

  test('a second driver runs the subject side, with its token from GENTCP_SUBJECT_TOKEN', () => {
    const r = run(`node:127.0.0.1:${node.port}`, { GENTCP_SUBJECT_TOKEN: node.token });
    expect(r.stdout).toContain(`subject node:127.0.0.1:${node.port}:`);
    expect(r.stdout).toMatch(/verdict: match\b/);
    expect(r.status).toBe(0);
  });

  test('@socket on the node, against erlang:socket', () => {
    const r = run(`node:127.0.0.1:${node.port}@socket`, { GENTCP_SUBJECT_TOKEN: node.token });
    expect(r.stdout).toContain('reference erlang:socket');
    expect(r.stdout).toMatch(/verdict: match\b/);
    expect(r.status).toBe(0);
  });

  test('without the token, or with a wrong one, the case is an error that says why', () => {
    const none = run(`node:127.0.0.1:${node.port}`);
    expect(none.stdout).toContain('set GENTCP_SUBJECT_TOKEN');
    expect(none.status).toBe(2);
    const wrong = run(`node:127.0.0.1:${node.port}`, { GENTCP_SUBJECT_TOKEN: 'not-the-token' });
    expect(wrong.stdout).toMatch(/verdict: error\b/);
    expect(wrong.stdout).toContain('the subject node');
    expect(wrong.status).toBe(2);
  });

  test('node:cmd: starts the command, waits for its ready line, and stops it at the end', () => {
    const r = run(`node:cmd:escript ${path.join(root, 'erlang', 'gentcp_driver.escript')}`);
    expect(r.stdout).toMatch(/verdict: match\b/);
    expect(r.stdout).toContain(`re-run: gentcp run ${SCENARIO} --subject 'node:cmd:escript ${path.join(root, 'erlang', 'gentcp_driver.escript')}' --against erlang:inet`);
    expect(r.status).toBe(0);
  });
});
