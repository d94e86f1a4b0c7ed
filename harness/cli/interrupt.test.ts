/**
 * Ctrl-C, SIGTERM or a killed CLI never leaves the local driver (beam.smp) behind, and an
 * interrupted run prints one line instead of verdicts for the cases cut short.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { pidAlive } from '../providers/cleanup.js';

const DRIVER_PID = /\(driver os pid (\d+)\)/;

interface Cli {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const RUN = ['run', 'close-delivery.recv-data-then-closed', '--reference', 'local', '--repeat', '200'];

function startCli(args = RUN): Cli {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'harness/cli/main.ts', ...args],
    { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, err: () => err, exited };
}

/** Polls up to `tries` times, 100 ms apart, until `ok` holds; returns whether it did. */
async function eventually(ok: () => boolean, tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (ok()) return true;
    await sleep(100);
  }
  return ok();
}

async function driverPidOf(cli: Cli): Promise<number> {
  expect(await eventually(() => DRIVER_PID.test(cli.out()), 300)).toBe(true);
  return Number(DRIVER_PID.exec(cli.out())![1]);
}

test.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s stops the local driver and exits %i with one line, no verdict', async (sig, code) => {
  const cli = startCli();
  const pid = await driverPidOf(cli);
  expect(pidAlive(pid)).toBe(true);
  cli.child.kill(sig);
  expect(await cli.exited).toEqual({ code, signal: null });
  expect(cli.err()).toContain('interrupted: stopping the reference');
  expect(cli.out()).not.toMatch(/verdict:/);
  expect(await eventually(() => !pidAlive(pid), 50)).toBe(true);
});

test('Ctrl-C during conformance prints no verdict for the case it cut short (no "driver went away" block)', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'gentcp-interrupt-'));
  // One case at a time, so that at most one case can finish between the check below and the signal.
  const cli = startCli(['conformance', '--reference', 'local', '--subjects', 'erlang:inet,erlang:socket', '--only', 'close-delivery', '--workers', '1', '--out', out]);
  const pid = await driverPidOf(cli);
  // Interrupt once the first verdict is out: the next case is running.
  expect(await eventually(() => /\[\s*1\/\d+\]/.test(cli.out()), 300)).toBe(true);
  const linesBefore = cli.out().split('\n').filter((l) => /^\[/.test(l)).length;
  cli.child.kill('SIGINT');
  expect(await cli.exited).toEqual({ code: 130, signal: null });
  expect(cli.err().match(/interrupted: stopping the reference/g)).toHaveLength(1);
  expect(cli.out()).not.toMatch(/driver went away|✗ error/);
  // At most the case that finished between the check and the signal adds a line.
  expect(cli.out().split('\n').filter((l) => /^\[/.test(l)).length).toBeLessThanOrEqual(linesBefore + 1);
  expect(await eventually(() => !pidAlive(pid), 50)).toBe(true);
});

test('a CLI killed outright (SIGKILL) leaves no driver: it exits when its stdin closes', async () => {
  const cli = startCli();
  const pid = await driverPidOf(cli);
  cli.child.kill('SIGKILL');
  await cli.exited;
  expect(await eventually(() => !pidAlive(pid), 50)).toBe(true);
});
