/** Picks and starts a reference node: container if Docker answers and the image is there (or builds), else local erl. */
import { execa } from 'execa';
import path from 'node:path';
import { chooseImage, configureTestcontainers, defaultImage, DEFAULT_OTP, startContainer } from './container.js';
import { imageExists } from './images.js';
import { localOtp, startLocal } from './local.js';
import { erlangDir } from './paths.js';
import { ProviderError, type ProviderChoice, type ReferenceNode, type StartOptions } from './types.js';

export async function dockerAnswers(): Promise<boolean> {
  configureTestcontainers();
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    let timer: NodeJS.Timeout | undefined;
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), 5_000))),
    ]).finally(() => clearTimeout(timer));
    await client.container.dockerode.ping();
    return true;
  } catch {
    return false;
  }
}

/** Builds localhost/gentcp/erlang:<otp> from Debian packages (erlang/image/build.sh). */
export async function buildImage(otp: string, log?: (l: string) => void): Promise<void> {
  log?.(`building ${defaultImage(otp)} from Debian packages…`);
  try {
    await execa('bash', [path.join(erlangDir(), 'image', 'build.sh'), '--otp', otp], { timeout: 300_000, all: true });
  } catch (e) {
    const out = (e as { all?: string }).all ?? (e as Error).message;
    throw new ProviderError(`cannot build ${defaultImage(otp)}:\n${out.split('\n').slice(-15).join('\n')}`);
  }
}

async function containerUsable(opts: StartOptions): Promise<string | undefined> {
  if (!(await dockerAnswers())) return 'no Docker engine answers';
  const image = chooseImage(opts);
  if (await imageExists(image)) return undefined;
  if (image !== defaultImage(opts.otp ?? DEFAULT_OTP)) return `image ${image} is not present`;
  try {
    await buildImage(opts.otp ?? DEFAULT_OTP, opts.log);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Starts the reference node the choice names. */
export async function startReference(choice: ProviderChoice, opts: StartOptions = {}): Promise<ReferenceNode> {
  if (choice === 'local') return startLocal(opts);
  if (choice === 'container') {
    const why = await containerUsable(opts);
    if (why) throw new ProviderError(`container provider unavailable: ${why}. ${HOW_TO_DOCKER}`);
    return startContainer(opts);
  }
  const why = await containerUsable(opts);
  if (!why) return startContainer(opts);
  const local = await localOtp();
  if (local !== undefined && (opts.otp === undefined || opts.otp === local)) {
    opts.log?.(`reference: no container (${why}); using local erl (OTP ${local})`);
    return startLocal(opts);
  }
  throw new ProviderError(
    [
      `no reference Erlang available${opts.otp ? ` for OTP ${opts.otp}` : ''}:`,
      `  container: ${why}`,
      `  local: ${local === undefined ? 'no erl on PATH' : `erl on PATH is OTP ${local}`}`,
      `To get one: ${HOW_TO_DOCKER} Or install Erlang locally: apt-get install -y erlang-nox (OTP 25 on bookworm).`,
    ].join('\n'),
  );
}

const HOW_TO_DOCKER =
  'Start Docker (apt-get install docker.io; dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false &) and build the image with erlang/image/build.sh --otp N (or set GENTCP_ERLANG_IMAGE to an image you have).';
