import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NormTrace } from '../compare/normalise.js';
import { NoRecording, readManifest, readRecorded, recordedIds, writeManifest, writeRecorded } from './store.js';

const trace: NormTrace = {
  info: { scenario: 'a.b', subject: 'erlang:inet', provider: 'local', otp: '25', otpVersion: '25.2.3', startedAt: '2026-12-06T00:00:00Z', durationMs: 12 },
  steps: [{ index: 0, op: 'listen', call: 'listen(0, [])', status: 'done', result: ['ok', { sock: 'L' }] }],
  mailboxes: {},
  exits: [],
  errors: [],
};

describe('recorded traces', () => {
  test('a trace is kept without its start time and duration, and read back by release, backend and id', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gentcp-store-'));
    await writeRecorded({ scenario: 'a.b', backend: 'inet', otp: '25', otpVersion: '25.2.3', stable: true, trace }, root);
    const r = await readRecorded('25', 'inet', 'a.b', root);
    expect(r.trace.steps).toEqual(trace.steps);
    expect(r.trace.info.startedAt).toBe('');
    expect(r.trace.info.durationMs).toBe(0);
    expect(await recordedIds('25', 'inet', root)).toEqual(['a.b']);
    expect(await recordedIds('25', 'socket', root)).toEqual([]);
  });

  test('what was never recorded says so, and how to record it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gentcp-store-'));
    await expect(readRecorded('27', 'inet', 'a.b', root)).rejects.toThrow(NoRecording);
    expect(() => readManifest('27', root)).toThrow(/gentcp record --all --otp 27/);
    await writeManifest({ otp: '27', otpVersion: '27.3.4.1', erts: '15.2.7', provider: 'container', where: 'img', packages: [], recordedAt: 'now', runs: 2, scenarios: { inet: 1, socket: 1 }, unstable: [] }, root);
    expect(readManifest('27', root).erts).toBe('15.2.7');
  });
});
