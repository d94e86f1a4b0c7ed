/**
 * Shards and merge as a CI matrix uses them: the shards of a run, merged, hold the same cases in
 * the same order with the same verdicts as the run unsharded, and the gate passes on the merge.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../vocabulary/project.js';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', ...args], { cwd: projectRoot(), env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' }, maxBuffer: 64 << 20 });
const cases = (dir: string): string[] =>
  (JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { results: Array<{ id: string; subject: string; verdict: string }> }).results.map(
    (r) => `${r.id} ${r.subject} ${r.verdict}`,
  );

test('two shards of a run, merged, equal the run unsharded', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'gentcp-shards-'));
  const only = ['--only', 'econnreset,shutdown', '--reference', 'local', '--subjects', 'ts:inet,ts:socket'];
  const [a, b, whole] = ['1', '2', 'whole'].map((n) => path.join(tmp, n));
  // The shards run side by side, as the jobs of a CI matrix do.
  await Promise.all([cli(['conformance', ...only, '--shard', '1/2', '--out', a!]), cli(['conformance', ...only, '--shard', '2/2', '--out', b!])]);
  await cli(['conformance', ...only, '--out', whole!]);
  const merged = path.join(tmp, 'merged');
  const m = await cli(['merge', a!, b!, '--out', merged, '--baseline', path.join(projectRoot(), 'reports', 'baseline', 'results.json')]);
  expect(m.stdout).toMatch(/merged 2 run\(s\)/);
  expect(cases(a!).length).toBeGreaterThan(0);
  expect(cases(b!).length).toBeGreaterThan(0);
  expect(cases(merged)).toEqual(cases(whole!));
  await expect(cli(['merge', a!, '--out', path.join(tmp, 'half')])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('shard 2/2 against local:25 is missing') });
}, 300_000);
