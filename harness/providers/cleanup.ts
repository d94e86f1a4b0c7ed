/**
 * Containers never outlive the harness: each carries its owner's host and pid,
 * a start removes leftovers whose owner is gone, and Ctrl-C removes ours.
 */
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';

export const DRIVER_LABEL = 'gentcp.driver';
export const OWNER_HOST_LABEL = 'gentcp.owner.host';
export const OWNER_PID_LABEL = 'gentcp.owner.pid';

const ours = new Set<string>();
let handlersInstalled = false;

export function rememberContainer(id: string): void {
  ours.add(id);
  installHandlers();
}

export function forgetContainer(id: string): void {
  ours.delete(id);
}

/** Whether a process with this pid exists (one of another user's counts: EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes driver containers (and testcontainers' own) whose owning process on this host is gone. */
export async function removeLeftoverContainers(log?: (l: string) => void): Promise<number> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const docker = client.container.dockerode;
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${DRIVER_LABEL}=1`] }) });
  let removed = 0;
  for (const c of list) {
    const host = c.Labels[OWNER_HOST_LABEL];
    const pid = Number(c.Labels[OWNER_PID_LABEL]);
    const orphan = host !== hostname() || !Number.isInteger(pid) || !pidAlive(pid);
    if (!orphan || ours.has(c.Id)) continue;
    await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    removed++;
  }
  if (removed) log?.(`removed ${removed} leftover driver container(s)`);
  return removed;
}

/** The driver containers that exist now (for tests that check nothing was left behind). */
export async function listDriverContainers(): Promise<string[]> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const list = await client.container.dockerode.listContainers({ all: true, filters: JSON.stringify({ label: [`${DRIVER_LABEL}=1`] }) });
  return list.map((c) => c.Id);
}

function removeOursNow(): void {
  if (ours.size === 0) return;
  try {
    execFileSync('docker', ['rm', '-f', ...ours], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    // The docker CLI may be missing; the next start removes leftovers by owner pid.
  }
  ours.clear();
}

async function removeOursViaApi(): Promise<void> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  await Promise.all([...ours].map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
  ours.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', removeOursNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(sig, () => {
      const code = sig === 'SIGINT' ? 130 : 143;
      const hardStop = setTimeout(() => (removeOursNow(), process.exit(code)), 5_000);
      void removeOursViaApi().finally(() => {
        clearTimeout(hardStop);
        process.exit(code);
      });
    });
}
