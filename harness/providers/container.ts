/**
 * The `container` provider: the driver in an Erlang/OTP container started with
 * testcontainers, host networking only, ready when the driver prints its line.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DriverClient } from '../driver/client.js';
import { erlangDir, sharedDir } from './paths.js';
import { READY_PATTERN, parseReady } from './ready-line.js';
import { forgetContainer, removeLeftoverContainers, rememberContainer, OWNER_HOST_LABEL, OWNER_PID_LABEL, DRIVER_LABEL } from './cleanup.js';
import { ProviderError, type ReferenceNode, type StartOptions } from './types.js';

const DEFAULT_START_TIMEOUT_MS = 60_000;
export const DEFAULT_OTP = '27';

/** Settings testcontainers needs on this kind of machine; set before it is loaded. */
export function configureTestcontainers(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}

export function defaultImage(otp: string): string {
  return `localhost/gentcp/erlang:${otp}`;
}

/** The image asked for by flag or GENTCP_ERLANG_IMAGE, else the locally built one. */
export function chooseImage(opts: StartOptions): string {
  return opts.image ?? process.env.GENTCP_ERLANG_IMAGE ?? defaultImage(opts.otp ?? DEFAULT_OTP);
}

export async function startContainer(opts: StartOptions = {}): Promise<ReferenceNode> {
  configureTestcontainers();
  const { GenericContainer, Wait } = await import('testcontainers');
  await removeLeftoverContainers(opts.log);
  const image = chooseImage(opts);
  const token = randomBytes(24).toString('hex');
  const timeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const shared = sharedDir();
  const t0 = performance.now();
  let started;
  try {
    started = await new GenericContainer(image)
      .withNetworkMode('host')
      .withBindMounts([
        { source: erlangDir(), target: '/gentcp', mode: 'ro' },
        { source: shared, target: shared, mode: 'rw' },
      ])
      .withEnvironment({ GENTCP_TOKEN: token, GENTCP_IDLE_MS: String(opts.idleMs ?? 300_000), HOME: '/root' })
      .withCommand(['escript', '/gentcp/gentcp_driver.escript'])
      .withLabels({ [DRIVER_LABEL]: '1', [OWNER_HOST_LABEL]: hostname(), [OWNER_PID_LABEL]: String(process.pid) })
      .withWaitStrategy(Wait.forLogMessage(READY_PATTERN).withStartupTimeout(timeoutMs))
      .withStartupTimeout(timeoutMs)
      // A localhost/ image is built here, never pulled: fail fast if it is missing.
      .withPullPolicy({ shouldPull: () => !image.startsWith('localhost/') && !image.includes('/gentcp/') })
      .withAutoRemove(true)
      .start();
  } catch (e) {
    throw new ProviderError(`container provider: cannot start ${image}: ${(e as Error).message}`);
  }
  const id = started.getId();
  rememberContainer(id);
  const ready = parseReady(await readLogsUntilReady(started, timeoutMs));
  if (!ready) {
    await started.stop().catch(() => undefined);
    forgetContainer(id);
    throw new ProviderError(`container provider: ${image} never printed a readable ready line`);
  }
  if (opts.otp !== undefined && ready.otp !== opts.otp) {
    await started.stop().catch(() => undefined);
    forgetContainer(id);
    throw new ProviderError(`container provider: ${image} runs OTP ${ready.otp}, but OTP ${opts.otp} was asked for`);
  }
  let client: DriverClient;
  try {
    client = await DriverClient.connect(ready.port, token);
  } catch (e) {
    await started.stop().catch(() => undefined);
    forgetContainer(id);
    throw e;
  }
  const startMs = Math.round(performance.now() - t0);
  opts.log?.(`reference: container ${image} (OTP ${ready.version}) ready on 127.0.0.1:${ready.port} in ${startMs} ms`);
  return {
    client,
    provider: 'container',
    otp: ready.otp,
    version: ready.version,
    where: image,
    containerId: id,
    startMs,
    sharedDir: shared,
    port: ready.port,
    token,
    stop: async () => {
      client.close();
      await started.stop({ timeout: 2_000 }).catch(() => undefined);
      forgetContainer(id);
    },
  };
}

async function readLogsUntilReady(c: { logs(): Promise<NodeJS.ReadableStream> }, timeoutMs: number): Promise<string> {
  const stream = await c.logs();
  return new Promise((resolve) => {
    let text = '';
    const done = (): void => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      (stream as unknown as { destroy?: () => void }).destroy?.();
      resolve(text);
    };
    const timer = setTimeout(done, timeoutMs);
    stream.on('data', (d: Buffer | string) => {
      text += d.toString();
      if (READY_PATTERN.test(text)) done();
    });
    stream.on('end', done);
  });
}
