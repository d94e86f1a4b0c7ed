/**
 * Starting and stopping the reference node(s) a CLI command needs: stopped on Ctrl-C or
 * SIGTERM too, and restarted once when a node dies mid-run.
 */
import { loadDivergences } from '../compare/divergences.js';
import { startReference } from '../providers/auto.js';
import { tmpdir } from 'node:os';
import type { DriverClient } from '../driver/client.js';
import type { ReferenceChoice, ReferenceNode } from '../providers/types.js';
import { readManifest } from '../recorded/store.js';
import type { RunContext } from '../runner/run.js';
import { tsExecutorFactory } from '../runner/ts-executor.js';
import { stopSubjectNodes } from '../runner/node-executor.js';

/** How often one session starts its node again after the driver went away. */
export const MAX_RESTARTS = 1;

export interface Restart {
  reason: string;
  /** The 1-based number of the case that was about to run on the new node. */
  atCase: number;
}

/** A reference node that a run can go on with after it died: the context always names the live driver. */
export class ReferenceSession {
  readonly restarts: Restart[] = [];

  constructor(
    private current: ReferenceNode,
    readonly ctx: RunContext,
    private readonly start: () => Promise<ReferenceNode>,
    private readonly log: (l: string) => void,
  ) {
    live.add(current);
  }

  get node(): ReferenceNode {
    return this.current;
  }

  /**
   * Starts the node again if its driver went away and no restart was spent yet; true when a
   * live driver serves the next case.
   */
  revive(atCase: number): Promise<boolean> {
    if (this.current.provider === 'recorded' || this.current.client.alive) return Promise.resolve(true);
    // Cases running at once find the driver gone together: one restart serves them all.
    this.reviving ??= this.restart(atCase).finally(() => (this.reviving = undefined));
    return this.reviving;
  }

  private reviving: Promise<boolean> | undefined;

  private async restart(atCase: number): Promise<boolean> {
    if (this.restarts.length >= MAX_RESTARTS || interrupted()) return false;
    const reason = `the driver went away (${this.current.client.goneWhy ?? 'unknown'})`;
    await this.stop();
    this.current = await this.start();
    live.add(this.current);
    this.ctx.driver = this.current.client;
    this.restarts.push({ reason, atCase });
    this.log(`reference restarted after ${reason} at case ${atCase}`);
    return true;
  }

  async stop(): Promise<void> {
    live.delete(this.current);
    await this.current.stop().catch(() => undefined);
  }
}

/**
 * A recorded reference: real Erlang's traces of release `otp` from fixtures/traces, and the peer
 * side on the library. Nothing is started: no Erlang, no Docker.
 */
function openRecordedSession(otp: string | undefined, log: (l: string) => void): ReferenceSession {
  if (otp === undefined) throw new Error('a recorded reference needs its release: --reference recorded:27, or --otp 27');
  const m = readManifest(otp);
  const node: ReferenceNode = {
    client: undefined as unknown as DriverClient,
    provider: 'recorded',
    otp,
    version: m.otpVersion,
    where: `recorded ${m.recordedAt.slice(0, 10)} from OTP ${m.otpVersion} (erts ${m.erts}) on ${m.provider} ${m.where}`,
    startMs: 0,
    sharedDir: tmpdir(),
    port: 0,
    token: '',
    stop: () => Promise.resolve(),
  };
  const ctx: RunContext = {
    reference: { provider: 'recorded', otp, version: m.otpVersion },
    sharedDir: node.sharedDir,
    recorded: { otp },
    tsExecutor: tsExecutorFactory(otp),
    peer: tsExecutorFactory(otp),
  };
  log(`reference: ${node.where}; no Erlang started (${m.scenarios.inet} inet and ${m.scenarios.socket} socket traces, ${m.unstable.length} marked unstable)`);
  return new ReferenceSession(node, ctx, () => Promise.resolve(node), log);
}

/** Starts a reference session, without the CLI's signal handling (tests, library users). */
export async function openSession(
  choice: ReferenceChoice,
  opts: { otp?: string | undefined; image?: string | undefined; log: (l: string) => void },
): Promise<ReferenceSession> {
  if (choice === 'recorded') return openRecordedSession(opts.otp, opts.log);
  const start = (): Promise<ReferenceNode> => startReference(choice, { ...(opts.otp ? { otp: opts.otp } : {}), ...(opts.image ? { image: opts.image } : {}), log: opts.log });
  const node = await start();
  const ctx: RunContext = {
    driver: node.client,
    reference: { provider: node.provider, otp: node.otp, version: node.version },
    sharedDir: node.sharedDir,
    ...(tsExecutorFactory ? { tsExecutor: tsExecutorFactory(node.otp) } : {}),
  };
  return new ReferenceSession(node, ctx, start, opts.log);
}

export async function withReference<T>(
  choice: ReferenceChoice,
  otp: string | undefined,
  image: string | undefined,
  log: (l: string) => void,
  body: (ctx: RunContext, node: ReferenceNode, session: ReferenceSession) => Promise<T>,
): Promise<T> {
  installSignalHandlers();
  let session: ReferenceSession | undefined;
  // What a run cut short by Ctrl-C says is no verdict: wait for the handler, which exits once the node is down.
  const unlessInterrupted = async (): Promise<void> => {
    if (interruptedBy !== undefined) await new Promise<never>(() => undefined);
  };
  try {
    session = await openSession(choice, { otp, image, log });
    const result = await body(session.ctx, session.node, session).catch(async (e: unknown) => {
      await unlessInterrupted();
      throw e;
    });
    await unlessInterrupted();
    return result;
  } finally {
    if (interruptedBy === undefined) {
      await stopSubjectNodes();
      await session?.stop();
      if (live.size === 0) removeSignalHandlers();
    }
  }
}

/** Nodes this process runs now, stopped by the signal handlers. */
const live = new Set<ReferenceNode>();
let interruptedBy: NodeJS.Signals | undefined;

/** True once Ctrl-C or SIGTERM arrived: results from then on are cut short, not verdicts. */
export function interrupted(): boolean {
  return interruptedBy !== undefined;
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
const HARD_STOP_MS = 5_000;

function onSignal(sig: NodeJS.Signals): void {
  const code = EXIT_CODES[sig as keyof typeof EXIT_CODES] ?? 130;
  // A second signal while stopping: leave now (the providers' exit hooks still kill what they started).
  if (interruptedBy !== undefined) process.exit(code);
  interruptedBy = sig;
  process.stderr.write('interrupted: stopping the reference\n');
  const hard = setTimeout(() => process.exit(code), HARD_STOP_MS);
  void Promise.all([...[...live].map((n) => n.stop().catch(() => undefined)), stopSubjectNodes()]).finally(() => {
    clearTimeout(hard);
    process.exit(code);
  });
}

let installed = false;
function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const sig of Object.keys(EXIT_CODES) as NodeJS.Signals[]) process.on(sig, onSignal);
}
function removeSignalHandlers(): void {
  if (!installed) return;
  installed = false;
  for (const sig of Object.keys(EXIT_CODES) as NodeJS.Signals[]) process.off(sig, onSignal);
}

export { loadDivergences };
