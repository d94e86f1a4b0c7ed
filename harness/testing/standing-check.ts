/**
 * CI's check of the standing Erlang-to-Erlang reports (reports/standing): they are generated again
 * from the recordings, and their counts (summary.json) and lists of differences (differences.md)
 * must be what is committed. `gentcp drift` checks the recordings themselves against live Erlang.
 *
 *   node dist/harness/testing/standing-check.js <committed-dir> <scratch-dir>
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [committed, scratch] = process.argv.slice(2);
if (!committed || !scratch) {
  process.stderr.write('usage: standing-check <committed-dir> <scratch-dir>\n');
  process.exit(2);
}
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
const run = spawnSync(process.execPath, [cli, 'compare', '--standing', '--out', scratch], { stdio: ['ignore', 'inherit', 'inherit'] });
if (run.status !== 0) process.exit(2);

interface Summary {
  name: string;
  summary: Record<string, number>;
}
const read = (dir: string, file: string): string => (existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), 'utf8') : '');
const before = JSON.parse(read(committed, 'summary.json') || '[]') as Summary[];
const now = JSON.parse(read(scratch, 'summary.json')) as Summary[];
const problems: string[] = [];
for (const n of now) {
  const b = before.find((x) => x.name === n.name);
  if (!b) problems.push(`${n.name}: not committed (run gentcp compare --standing --out ${committed})`);
  else if (JSON.stringify(b.summary) !== JSON.stringify(n.summary)) problems.push(`${n.name}: committed ${JSON.stringify(b.summary)}, now ${JSON.stringify(n.summary)}`);
  else if (read(committed, `${n.name}/differences.md`) !== read(scratch, `${n.name}/differences.md`)) problems.push(`${n.name}: the same counts, but other differences (differences.md)`);
}
for (const n of now) process.stdout.write(`standing-check: ${n.name}: ${n.summary['fail']} scenarios differ\n`);
for (const p of problems) process.stdout.write(`  STALE: ${p}\n`);
process.exit(problems.length ? 1 : 0);
