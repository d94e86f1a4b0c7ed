/**
 * Ctrl-C, SIGTERM or a killed CLI never leaves the local driver (beam.smp) behind, and an
 * interrupted run prints one line instead of verdicts for the cases cut short.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../providers/paths.js';

const DRIVER_PID = /\(driver os pid (\d+)\)/;

interface Cli {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(): Cli {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'harness/cli/main.ts', 'run', 'close-delivery.recv-data-then-closed', '--reference', 'local', '--repeat', '200'],
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
  expect(alive(pid)).toBe(true);
  cli.child.kill(sig);
  expect(await cli.exited).toEqual({ code, signal: null });
  expect(cli.err()).toContain('interrupted: stopping the reference');
  expect(cli.out()).not.toMatch(/verdict:/);
  expect(await eventually(() => !alive(pid), 50)).toBe(true);
});

test('a CLI killed outright (SIGKILL) leaves no driver: it exits when its stdin closes', async () => {
  const cli = startCli();
  const pid = await driverPidOf(cli);
  cli.child.kill('SIGKILL');
  await cli.exited;
  expect(await eventually(() => !alive(pid), 50)).toBe(true);
});
