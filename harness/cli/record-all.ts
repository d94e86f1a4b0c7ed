/**
 * gentcp record --all: every scenario on both real Erlang backends of each release, saved under
 * fixtures/traces/otp-<N>/<backend>/ with a manifest of what it ran on. Each case runs as a
 * selfcheck does (a reference run and a second run judged against it), `--repeat` times over: a
 * case whose runs are not all match or match-alt is recorded as unstable, never as if it were
 * stable.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { List, type Term } from '../vocabulary/term.js';
import { wrapAtoms } from '../driver/client.js';
import type { Results } from '../report/results.js';
import type { NormTrace } from '../compare/normalise.js';
import { NoRecording, readManifest, recordedIds, tracesRoot, writeManifest, writeRecorded, type RecordedBackend, type RecordingManifest } from '../recorded/store.js';
import { conformanceCommand } from './conformance.js';
import type { ReferenceTarget } from './options.js';
import { withReference } from './session.js';

export interface RecordAllOptions {
  targets: ReferenceTarget[];
  image: string | undefined;
  /** Runs per case: each is a reference run and a run judged against it (at least one). */
  repeat: number;
  only: string | undefined;
  workers: number;
  /** The traces directory (default: fixtures/traces of the package). */
  out: string | undefined;
  /** --scenarios: a user's scenario files instead of the built-in suite. */
  scenarioPaths?: string[];
}

const STABLE = new Set(['match', 'match-alt']);
const BACKENDS: RecordedBackend[] = ['inet', 'socket'];

interface NodeInfo {
  otp: string;
  version: string;
  erts: string;
  packages: string[];
}

/** gentcp_interop:node_info() on the reference: its versions and packages. */
async function nodeInfo(target: ReferenceTarget, image: string | undefined): Promise<NodeInfo & { provider: string; where: string }> {
  let info: (NodeInfo & { provider: string; where: string }) | undefined;
  await withReference(target.provider, target.otp, image, console.log, async (ctx, node) => {
    const req: Term = ['call', ...(wrapAtoms(['gentcp_interop', 'node_info']) as Term[]), new List([])];
    const r = await ctx.driver!.request(req, 'gentcp_interop:node_info()', 10_000);
    const m = Array.isArray(r) && r[0] === 'ok' ? (r[1] as { entries?: Array<[Term, Term]> }) : undefined;
    const get = (k: string): Term | undefined => m?.entries?.find(([key]) => key === k)?.[1];
    const text = (t: Term | undefined): string => (Buffer.isBuffer(t) ? t.toString() : String(t ?? ''));
    const pkgs = get('packages');
    info = {
      otp: text(get('otp')) || node.otp,
      version: text(get('version')) || node.version,
      erts: text(get('erts')),
      packages: pkgs instanceof List ? pkgs.items.map(text) : [],
      provider: node.provider,
      where: node.where,
    };
    return 0;
  });
  if (!info) throw new Error(`no node info from the ${target.provider} reference`);
  return info;
}

export async function recordAllCommand(o: RecordAllOptions): Promise<number> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'gentcp-record-'));
  const runs: Results[] = [];
  try {
    for (let r = 0; r < o.repeat; r++) {
      const out = path.join(scratch, `run-${r + 1}`);
      console.log(`[record] run ${r + 1} of ${o.repeat}`);
      await conformanceCommand({
        subjects: BACKENDS.map((b) => `erlang:${b}`),
        targets: o.targets,
        image: o.image,
        out,
        only: o.only,
        baseline: undefined,
        writeBaseline: undefined,
        capture: false,
        workers: o.workers,
        ...(o.scenarioPaths ? { scenarioPaths: o.scenarioPaths } : {}),
      });
      runs.push(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as Results);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const root = tracesRoot(o.out);
  let faults = 0;
  for (const target of o.targets) {
    const info = await nodeInfo(target, o.image);
    const first = runs[0]!.results.filter((c) => c.otp === info.otp);
    const manifest: RecordingManifest = {
      otp: info.otp,
      otpVersion: info.version,
      erts: info.erts,
      provider: info.provider,
      where: info.where,
      packages: info.packages,
      recordedAt: new Date().toISOString(),
      runs: o.repeat,
      scenarios: { inet: 0, socket: 0 },
      unstable: [],
    };
    for (const c of first) {
      const reference = c.referenceTrace as NormTrace | undefined;
      const backend = c.subject.slice('erlang:'.length) as RecordedBackend;
      const verdicts = runs.map((run) => run.results.find((x) => x.id === c.id && x.subject === c.subject && x.otp === c.otp)?.verdict ?? 'missing');
      if (!reference || reference.errors.length > 0) {
        // A reference run that did not finish is no recording: say so, keep none.
        if (c.verdict !== 'unsupported') {
          console.log(`[record] ${c.id} on ${backend}, OTP ${info.otp}: no usable reference run (${c.reasons[0] ?? c.verdict})`);
          faults++;
        }
        continue;
      }
      const stable = verdicts.every((v) => STABLE.has(v));
      if (!stable) manifest.unstable.push({ id: c.id, backend, verdicts });
      await writeRecorded({ scenario: c.id, backend, otp: info.otp, otpVersion: info.version, stable, trace: reference }, root);
      manifest.scenarios[backend]++;
    }
    // A partial recording (--only) joins the release's earlier one: the counts are what the directory holds,
    // and the unstable marks of the cases not recorded now stay.
    if (o.only) {
      let before: RecordingManifest | undefined;
      try {
        before = readManifest(info.otp, root);
      } catch (e) {
        if (!(e instanceof NoRecording)) throw e;
      }
      const now = new Set(first.map((c) => `${c.id} ${c.subject.slice('erlang:'.length)}`));
      manifest.unstable = [...(before?.unstable ?? []).filter((u) => !now.has(`${u.id} ${u.backend}`)), ...manifest.unstable];
      for (const b of BACKENDS) manifest.scenarios[b] = (await recordedIds(info.otp, b, root)).length;
    }
    const file = await writeManifest(manifest, root);
    console.log(`[record] OTP ${info.version} (erts ${info.erts}): ${manifest.scenarios.inet} inet and ${manifest.scenarios.socket} socket traces, ${manifest.unstable.length} unstable; ${file}`);
  }
  return faults > 0 ? 2 : 0;
}
