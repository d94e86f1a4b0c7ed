/**
 * Recorded Erlang traces: one normalised trace per scenario, backend and OTP release, under
 * fixtures/traces/otp-<N>/<backend>/<id>.json, and one manifest per release saying what they
 * were recorded on (OTP and erts versions, where, the Erlang packages) and which scenarios were
 * not the same from run to run. `gentcp record --all` writes them; a `recorded:<N>` reference
 * and `gentcp drift` read them.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NormTrace } from '../compare/normalise.js';
import { projectRoot, recordedTracePath } from '../vocabulary/project.js';

export type RecordedBackend = 'inet' | 'socket';

/** What a release's recordings were made on. */
export interface RecordingManifest {
  otp: string;
  /** The full OTP version, e.g. 27.3.4.1. */
  otpVersion: string;
  erts: string;
  /** The provider and where it ran (an image, or the erl on PATH). */
  provider: string;
  where: string;
  /** The Erlang packages installed where it ran (dpkg), empty where Erlang was built from source. */
  packages: string[];
  recordedAt: string;
  /** How many runs each trace was checked over (the first is kept). */
  runs: number;
  /** Scenario ids per backend. */
  scenarios: Record<RecordedBackend, number>;
  /** Cases whose runs disagreed (verdict other than match or match-alt): recorded, marked, never used as stable. */
  unstable: Array<{ id: string; backend: RecordedBackend; verdicts: string[] }>;
}

/** One recorded case. */
export interface RecordedTrace {
  scenario: string;
  backend: RecordedBackend;
  otp: string;
  otpVersion: string;
  /** False when repeated runs of real Erlang disagreed: the trace is kept for reading, not for verdicts. */
  stable: boolean;
  trace: NormTrace;
}

/** The directory given, else GENTCP_TRACES_DIR (a team's own recordings), else fixtures/traces of this package. */
export function tracesRoot(dir?: string): string {
  return dir ?? process.env.GENTCP_TRACES_DIR ?? path.join(projectRoot(), 'fixtures', 'traces');
}

export function releaseDir(otp: string, root?: string): string {
  root ??= tracesRoot();
  return path.join(root, `otp-${otp}`);
}

export function recordedPath(otp: string, backend: RecordedBackend, id: string, root?: string): string {
  return recordedTracePath(otp, backend, id, tracesRoot(root));
}

/**
 * A trace as it is kept: what compares (steps, results, messages, exits) and no more. The run's
 * start time and duration are not behaviour, and the recording says its versions once.
 */
export function slim(t: NormTrace): NormTrace {
  const { startedAt: _s, durationMs: _d, ...info } = t.info;
  return { ...t, info: { ...info, startedAt: '', durationMs: 0 } };
}

export async function writeRecorded(r: RecordedTrace, root?: string): Promise<string> {
  const file = recordedPath(r.otp, r.backend, r.scenario, root);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ ...r, trace: slim(r.trace) }) + '\n');
  return file;
}

export async function writeManifest(m: RecordingManifest, root?: string): Promise<string> {
  const file = path.join(releaseDir(m.otp, root), 'manifest.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(m, null, 1) + '\n');
  return file;
}

export class NoRecording extends Error {}

/** A release's manifest; NoRecording when the release was never recorded. */
export function readManifest(otp: string, root?: string): RecordingManifest {
  const file = path.join(releaseDir(otp, root), 'manifest.json');
  if (!existsSync(file)) throw new NoRecording(`no recordings for OTP ${otp} in ${releaseDir(otp, root)} (gentcp record --all --otp ${otp} makes them)`);
  return JSON.parse(readFileSync(file, 'utf8')) as RecordingManifest;
}

/** One recorded case; NoRecording when the scenario was not recorded on that backend and release. */
export async function readRecorded(otp: string, backend: RecordedBackend, id: string, root?: string): Promise<RecordedTrace> {
  const file = recordedPath(otp, backend, id, root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NoRecording(`no recorded trace of ${id} on ${backend}, OTP ${otp} (${file})`);
  }
  return JSON.parse(text) as RecordedTrace;
}

/** The ids recorded for a backend and release. */
export async function recordedIds(otp: string, backend: RecordedBackend, root?: string): Promise<string[]> {
  try {
    return (await readdir(path.join(releaseDir(otp, root), backend))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}
