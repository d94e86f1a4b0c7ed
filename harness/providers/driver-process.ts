/**
 * A driver run as a child process: started in its own process group, ready once it
 * prints the GENTCP-DRIVER READY line, killed with its group on stop() or when this
 * process exits. The local provider runs the bundled escript this way, and a
 * `node:cmd:<command>` subject runs the user's command.
 */
import { execa, type ResultPromise } from 'execa';
import { parseReady, type ReadyLine } from './ready-line.js';
import { ProviderError } from './types.js';

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

export interface DriverProcess {
  ready: ReadyLine;
  stop(): Promise<void>;
}

export interface SpawnDriverOptions {
  /** What the driver is, for messages ("local driver"). */
  what: string;
  /** Added to this process's environment (GENTCP_TOKEN among them). */
  env: Record<string, string>;
  timeoutMs: number;
  /** Run `file` through the shell (a user's command line). */
  shell?: boolean;
  /** Why the process could not start when the program is missing. */
  missing?: string;
  /** Checked once the ready line is read; a message here stops the driver and fails the start. */
  accept?: (ready: ReadyLine) => string | undefined;
}

export async function spawnDriver(file: string, args: string[], o: SpawnDriverOptions): Promise<DriverProcess> {
  let proc: ResultPromise;
  try {
    proc = execa(file, args, {
      // The driver exits when this pipe closes, however this process ends.
      env: { ...o.env, GENTCP_EXIT_ON_STDIN_EOF: '1' },
      stdin: 'pipe',
      buffer: false,
      reject: false,
      shell: o.shell ?? false,
      // Its own process group: a terminal's Ctrl-C does not reach it half-way, and stop() kills the whole tree.
      detached: true,
    });
  } catch (e) {
    throw new ProviderError(`${o.what}: cannot start ${file}: ${(e as Error).message}`);
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

  const ready = await new Promise<ReadyLine | undefined>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
      reject(new ProviderError(`${o.what}: no "GENTCP-DRIVER READY" line within ${o.timeoutMs} ms.\n${stderr}`));
    }, o.timeoutMs);
    proc.stdout?.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-8000);
      const r = parseReady(out);
      if (r) {
        clearTimeout(timer);
        resolve(r);
      }
    });
    void proc.then((res) => {
      clearTimeout(timer);
      const why =
        res.failed && 'code' in res && res.code === 'ENOENT' && o.missing ? o.missing : `it exited (${res.exitCode ?? res.signal ?? 'unknown'}) before it was ready`;
      reject(new ProviderError(`${o.what}: ${why}.\n${stderr}`));
    });
  });
  if (!ready) throw new ProviderError(`${o.what}: unreadable ready line`);
  const refused = o.accept?.(ready);
  if (refused !== undefined) {
    killGroup('SIGKILL');
    throw new ProviderError(refused);
  }
  return {
    ready,
    stop: async () => {
      killGroup('SIGTERM');
      const killer = setTimeout(() => killGroup('SIGKILL'), 3000);
      await proc.catch(() => undefined);
      clearTimeout(killer);
    },
  };
}
