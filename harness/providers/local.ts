/** The `local` provider: the driver on the `erl` found on PATH, started with execa. */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { DriverClient } from '../driver/client.js';
import { driverScript, sharedDir } from './paths.js';
import { spawnDriver } from './driver-process.js';
import { type ReferenceNode, type StartOptions } from './types.js';

const DEFAULT_START_TIMEOUT_MS = 30_000;

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
  const driver = await spawnDriver('escript', [driverScript()], {
    what: 'local driver',
    env: { GENTCP_TOKEN: token, GENTCP_IDLE_MS: String(opts.idleMs ?? 300_000) },
    timeoutMs,
    missing: 'escript is not on PATH (install Erlang: apt-get install erlang-nox)',
    accept: (r) =>
      opts.otp !== undefined && opts.otp !== r.otp
        ? `local erl is OTP ${r.otp}, but OTP ${opts.otp} was asked for; use --reference container for other releases`
        : undefined,
  });
  const { ready } = driver;
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
      await driver.stop();
    },
  };
}
