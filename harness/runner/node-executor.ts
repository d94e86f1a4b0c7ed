/**
 * The executor for node:* subjects: any node speaking erlang/PROTOCOL.md (another
 * Erlang build, an OTP patch release) runs the subject side of a scenario, while
 * the peer side stays on the reference. Each run has its own control connection
 * to the subject's driver; a driver started from `node:cmd:<command>` is started
 * once and serves every run of the process until stopSubjectNodes().
 */
import { randomBytes } from 'node:crypto';
import { DriverClient } from '../driver/client.js';
import { spawnDriver, type DriverProcess } from '../providers/driver-process.js';
import { ErlangExecutor } from './erlang-executor.js';
import { HarnessFault, type Executor, type ExecutorFactory } from './executor.js';
import type { NodeTarget } from '../vocabulary/subject.js';

/** The token of a node:HOST:PORT subject's driver. */
export const SUBJECT_TOKEN_ENV = 'GENTCP_SUBJECT_TOKEN';

const START_TIMEOUT_MS = 30_000;

interface Endpoint {
  host: string;
  port: number;
  token: string;
}

/** Drivers started for node:cmd: subjects, by command. */
const started = new Map<string, Promise<{ endpoint: Endpoint; process: DriverProcess }>>();

function startCommand(command: string): Promise<{ endpoint: Endpoint; process: DriverProcess }> {
  let p = started.get(command);
  if (!p) {
    const token = randomBytes(24).toString('hex');
    p = spawnDriver(command, [], {
      what: `subject node (${command})`,
      // The same variables the bundled driver reads: a wrapper command passes them on.
      env: { GENTCP_TOKEN: token, GENTCP_IDLE_MS: '300000' },
      timeoutMs: START_TIMEOUT_MS,
      shell: true,
    }).then((process) => ({ endpoint: { host: '127.0.0.1', port: process.ready.port, token }, process }));
    // A failed start is reported to each run that asked; the next run does not try again.
    p.catch(() => undefined);
    started.set(command, p);
  }
  return p;
}

async function endpointOf(target: NodeTarget): Promise<Endpoint> {
  if (target.kind === 'command') return (await startCommand(target.command)).endpoint;
  const token = process.env[SUBJECT_TOKEN_ENV];
  if (!token) throw new HarnessFault(`node:${target.host}:${target.port}: set ${SUBJECT_TOKEN_ENV} to the token of that driver (its GENTCP_TOKEN)`);
  return { host: target.host, port: target.port, token };
}

/** Executors on the subject node `target`. */
export const nodeExecutorFactory = (target: NodeTarget): ExecutorFactory => async (run) => {
  let client: DriverClient;
  try {
    const e = await endpointOf(target);
    client = await DriverClient.connect(e.port, e.token, 10_000, e.host);
  } catch (e) {
    throw new HarnessFault(`the subject node: ${(e as Error).message}`);
  }
  let ex: ErlangExecutor;
  try {
    ex = await ErlangExecutor.start(client, run.runId, run.events, run.kernelEnv);
  } catch (e) {
    client.close();
    throw e;
  }
  const executor: Executor = {
    spawn: (actor) => ex.spawn(actor),
    exec: (...args) => ex.exec(...args),
    kill: (actor, reason) => ex.kill(actor, reason),
    stop: async () => {
      try {
        await ex.stop();
      } finally {
        client.close();
      }
    },
  };
  return executor;
};

/** Stops the drivers node:cmd: subjects started (they are killed at exit in any case). */
export async function stopSubjectNodes(): Promise<void> {
  const all = [...started.values()];
  started.clear();
  await Promise.all(all.map((p) => p.then((s) => s.process.stop(), () => undefined)));
}
