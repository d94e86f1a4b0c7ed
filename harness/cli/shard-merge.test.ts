/**
 * Shards and merge as a CI matrix uses them: the shards of a run, merged, hold the same cases in
 * the same order with the same verdicts as the run unsharded, and the gate passes on the merge.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { runCliAsync, type CliOutcome } from '../testing/cli-child.js';

const gentcp = (args: string[]): Promise<CliOutcome> => runCliAsync(args, { env: { NO_COLOR: '1' }, timeoutMs: 240_000 });
/** A CLI run that must succeed: its output, or the test fails with what it printed. */
async function cli(args: string[]): Promise<CliOutcome> {
  const r = await gentcp(args);
  if (r.status !== 0) throw new Error(`gentcp ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}
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
  expect(await gentcp(['merge', a!, '--out', path.join(tmp, 'half')])).toMatchObject({ status: 2, stderr: expect.stringContaining('shard 2/2 against local:25 is missing') });
}, 300_000);
