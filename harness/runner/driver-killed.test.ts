/**
 * A reference node that dies mid-scenario must give `error` for the driver's death, not
 * wait out the subject's 10 s recv (never a hang), and leave no container behind.
 */
import { scenario } from '../../suites/builder.js';
import { runCase } from './case.js';
import type { RunContext } from './run.js';
import { startContainer } from '../providers/container.js';
import { listDriverContainers } from '../providers/cleanup.js';
import { startLocal } from '../providers/local.js';
import type { ReferenceNode } from '../providers/types.js';

// The subject blocks in a 10 s recv; the node is killed 300 ms in.
const longRecv = scenario(
  'close-delivery.driver-killed',
  { title: 'driver killed mid-scenario', section: 'harness', quote: 'harness', rationale: 'a dead reference is an error, not a hang' },
  (b) => {
    const { client, server } = b.cast({ client: 'subject', server: 'peer' });
    const L = server.listen('L', 0, ['binary', ['active', false]]);
    const C = client.connect('C', [127, 0, 0, 1], L.port, ['binary', ['active', false]]);
    client.recv(C, 0, 10_000);
  },
);

const contextOf = (node: ReferenceNode): RunContext => ({
  driver: node.client,
  reference: { provider: node.provider, otp: node.otp, version: node.version },
  sharedDir: node.sharedDir,
});

async function killDuringCase(node: ReferenceNode, kill: () => Promise<void>): Promise<{ verdict: string; reasons: string[] }> {
  const pending = runCase(longRecv, 'erlang:inet', 'erlang:inet', contextOf(node), { divergences: [] });
  setTimeout(() => void kill(), 300);
  const r = await pending;
  return { verdict: r.verdict, reasons: r.reasons };
}

test('local: erl killed mid-scenario gives error', async () => {
  const node = await startLocal({ idleMs: 60_000 });
  try {
    const r = await killDuringCase(node, async () => void process.kill(Number(node.client.info.osPid), 'SIGKILL'));
    expect(r.verdict).toBe('error');
    expect(r.reasons.join('\n')).toMatch(/driver went away/);
  } finally {
    await node.stop();
  }
});

test('container: the container killed mid-scenario gives error, and no container is left', async () => {
  const node = await startContainer({ idleMs: 60_000 });
  try {
    expect(await listDriverContainers()).toContain(node.containerId);
    const { getContainerRuntimeClient } = await import('testcontainers');
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    const r = await killDuringCase(node, async () => void (await docker.getContainer(node.containerId!).kill()));
    expect(r.verdict).toBe('error');
    expect(r.reasons.join('\n')).toMatch(/driver went away/);
  } finally {
    await node.stop();
  }
  expect(await listDriverContainers()).not.toContain(node.containerId);
});
