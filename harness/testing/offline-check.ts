/**
 * The offline check of CI (issue 11): the library judged by real Erlang's recordings must get the
 * verdicts it got from live Erlang. It runs `gentcp conformance --reference recorded:<N>,...` with
 * erl, escript and docker hidden (stand-ins on PATH that fail loudly, DOCKER_HOST pointing
 * nowhere), then compares each case's verdict with the live run's (GENTCP_VERDICTS_OUT of the
 * conformance tests). A case whose recording is marked unstable cannot be judged offline: it is
 * listed, not counted as equal.
 *
 *   node dist/harness/testing/offline-check.js <live-verdicts.json> <out-dir> [otp,...]
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

interface Verdict {
  id: string;
  subject: string;
  otp: string;
  verdict: string;
  reasons?: string[];
}

const [liveFile, outDir, otpList = '25,27,29'] = process.argv.slice(2);
if (!liveFile || !outDir) {
  process.stderr.write('usage: offline-check <live-verdicts.json> <out-dir> [otp,...]\n');
  process.exit(2);
}
const otps = otpList.split(',');
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');

// erl, escript and docker as stand-ins that fail, and no Docker daemon to reach.
const hidden = mkdtempSync(path.join(tmpdir(), 'gentcp-hidden-'));
for (const tool of ['erl', 'escript', 'docker']) {
  const f = path.join(hidden, tool);
  writeFileSync(f, `#!/bin/sh\necho "${tool} is hidden: the offline check runs no Erlang" >&2\nexit 127\n`);
  chmodSync(f, 0o755);
}
const env = { ...process.env, PATH: `${hidden}:${process.env.PATH ?? ''}`, DOCKER_HOST: 'unix:///nonexistent/docker.sock', GENTCP_ERLANG_IMAGE: 'hidden.invalid/erlang' };

mkdirSync(outDir, { recursive: true });
const t0 = performance.now();
const run = spawnSync(process.execPath, [cli, 'conformance', '--subjects', 'ts:inet,ts:socket', '--reference', otps.map((o) => `recorded:${o}`).join(','), '--out', outDir], { env, stdio: ['ignore', 'inherit', 'inherit'] });
const seconds = (performance.now() - t0) / 1000;
if (run.status === null || !existsSync(path.join(outDir, 'results.json'))) {
  process.stderr.write(`offline-check: the offline run wrote no results (status ${String(run.status)})\n`);
  process.exit(2);
}

const offline = (JSON.parse(readFileSync(path.join(outDir, 'results.json'), 'utf8')) as { results: Verdict[] }).results;
const live = (JSON.parse(readFileSync(liveFile, 'utf8')) as Verdict[]).filter((v) => v.subject.startsWith('ts:') && otps.includes(v.otp));
const key = (v: Verdict): string => `${v.id} ${v.subject} ${v.otp}`;
const byKey = new Map(offline.map((v) => [key(v), v]));
// Differences registered with their reason: the peer runs on gentcp offline (fixtures/offline-divergences.json).
const registeredFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'offline-divergences.json');
const registered = (JSON.parse(readFileSync(existsSync(registeredFile) ? registeredFile : path.join('fixtures', 'offline-divergences.json'), 'utf8')) as { divergences: Array<{ scenario: string; subjects: string[] }> }).divergences;
const isRegistered = (v: Verdict): boolean => registered.some((d) => d.scenario === v.id && d.subjects.includes(v.subject));
// A pass is match, match-alt or a known divergence: a scenario whose steps race (alternatives) moves among them from run to run, live too.
const PASS = new Set(['match', 'match-alt', 'known-divergence']);
const unstable: string[] = [];
const differ: string[] = [];
const peer: string[] = [];
let exact = 0;
for (const l of live) {
  const o = byKey.get(key(l));
  if (!o) differ.push(`${key(l)}: live ${l.verdict}, not run offline`);
  else if (o.verdict === l.verdict) exact++;
  else if (o.verdict === 'unsupported' && (o.reasons ?? []).some((r) => r.includes('disagreed when it was recorded'))) unstable.push(`${key(l)}: live ${l.verdict}, recording marked unstable`);
  else if (PASS.has(o.verdict) && PASS.has(l.verdict)) continue;
  else if (isRegistered(l)) peer.push(`${key(l)}: live ${l.verdict}, recorded ${o.verdict} (registered: the peer runs on gentcp)`);
  else differ.push(`${key(l)}: live ${l.verdict}, recorded ${o.verdict}${o.reasons?.[0] ? ` (${o.reasons[0]})` : ''}`);
}
const summary = {
  cases: live.length,
  exact,
  samePass: live.length - differ.length - unstable.length - peer.length,
  registered: peer.length,
  differ: differ.length,
  unstable: unstable.length,
  offlineSeconds: Math.round(seconds * 10) / 10,
};
writeFileSync(path.join(outDir, 'offline-check.json'), JSON.stringify({ ...summary, differences: differ, registeredCases: peer, unstableCases: unstable }, null, 1) + '\n');
process.stdout.write(
  `offline-check: ${summary.cases} cases in ${summary.offlineSeconds} s with erl and Docker hidden: ${summary.exact} the same verdict as live, ` +
    `${summary.samePass - summary.exact} another passing one (racing steps), ${summary.registered} registered (the peer runs on gentcp), ${summary.unstable} unstable recordings, ${summary.differ} differ\n`,
);
for (const u of unstable) process.stdout.write(`  unstable: ${u}\n`);
for (const p of peer) process.stdout.write(`  registered: ${p}\n`);
for (const d of differ) process.stdout.write(`  DIFFERS: ${d}\n`);
process.exit(differ.length > 0 ? 1 : 0);
