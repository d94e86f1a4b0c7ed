/** The `local` provider: the driver on the `erl` found on PATH, started with execa. */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { execa, type ResultPromise } from 'execa';
import { DriverClient } from '../driver/client.js';
import { driverScript, sharedDir } from './paths.js';
import { parseReady } from './ready-line.js';
import { ProviderError, type ReferenceNode, type StartOptions } from './types.js';

const DEFAULT_START_TIMEOUT_MS = 30_000;

/** Process groups of drivers still running; killed if this process exits without stopping them. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const g of liveGroups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** The OTP release of the `erl` on PATH, or undefined when there is none. */
export async function localOtp(): Promise<string | undefined> {
  try {
    const r = await execa('erl', ['-noshell', '-eval', 'io:format("~s", [erlang:system_info(otp_release)]), halt().'], { timeout: 15_000 });
    return r.stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function startLocal(opts: StartOptions = {}): Promise<ReferenceNode> {
  const token = randomBytes(24).toString('hex');
  const timeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const t0 = performance.now();
  let proc: ResultPromise;
  try {
    proc = execa('escript', [driverScript()], {
      // The driver exits when this pipe closes, however this process ends.
      env: { GENTCP_TOKEN: token, GENTCP_IDLE_MS: String(opts.idleMs ?? 300_000), GENTCP_EXIT_ON_STDIN_EOF: '1' },
      stdin: 'pipe',
      buffer: false,
      reject: false,
      // Its own process group: a terminal's Ctrl-C does not reach it half-way, and stop() kills escript and beam.smp together.
      detached: true,
    });
  } catch (e) {
    throw new ProviderError(`cannot start escript: ${(e as Error).message}`);
  }
  const group = proc.pid;
  if (group !== undefined) liveGroups.add(group);
  const killGroup = (signal: NodeJS.Signals): void => {
    if (group === undefined) return;
    try {
      process.kill(-group, signal);
    } catch {
      // Already gone.
    }
  };
  void proc.finally(() => group !== undefined && liveGroups.delete(group));
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

  const ready = await new Promise<ReturnType<typeof parseReady>>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
      reject(new ProviderError(`local driver: no "GENTCP-DRIVER READY" line within ${timeoutMs} ms.\n${stderr}`));
    }, timeoutMs);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const r = parseReady(out);
      if (r) {
        clearTimeout(timer);
        resolve(r);
      }
    });
    void proc.then((res) => {
      clearTimeout(timer);
      const why = res.failed && 'code' in res && res.code === 'ENOENT'
        ? 'escript is not on PATH (install Erlang: apt-get install erlang-nox)'
        : `it exited (${res.exitCode ?? res.signal ?? 'unknown'}) before it was ready`;
      reject(new ProviderError(`local driver: ${why}.\n${stderr}`));
    });
  });
  if (!ready) throw new ProviderError('local driver: unreadable ready line');
  if (opts.otp !== undefined && opts.otp !== ready.otp) {
    killGroup('SIGKILL');
    throw new ProviderError(`local erl is OTP ${ready.otp}, but OTP ${opts.otp} was asked for; use --reference container for other releases`);
  }
  const client = await DriverClient.connect(ready.port, token);
  const startMs = Math.round(performance.now() - t0);
  opts.log?.(`reference: local erl OTP ${ready.version} ready on 127.0.0.1:${ready.port} in ${startMs} ms (driver os pid ${client.info.osPid})`);
  return {
    client,
    provider: 'local',
    otp: ready.otp,
    version: ready.version,
    where: 'erl on PATH',
    startMs,
    sharedDir: sharedDir(),
    port: ready.port,
    token,
    stop: async () => {
      client.close();
      killGroup('SIGTERM');
      const killer = setTimeout(() => killGroup('SIGKILL'), 3000);
      await proc.catch(() => undefined);
      clearTimeout(killer);
    },
  };
}
