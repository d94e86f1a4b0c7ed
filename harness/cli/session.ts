/** Starting and stopping the reference node(s) a CLI command needs. */
import { loadDivergences } from '../compare/divergences.js';
import { startReference } from '../providers/auto.js';
import type { ProviderChoice, ReferenceNode } from '../providers/types.js';
import type { RunContext } from '../runner/run.js';
import { tsExecutorFactory } from '../runner/ts-executor.js';

export async function withReference<T>(
  choice: ProviderChoice,
  otp: string | undefined,
  image: string | undefined,
  log: (l: string) => void,
  body: (ctx: RunContext, node: ReferenceNode) => Promise<T>,
): Promise<T> {
  const node = await startReference(choice, { ...(otp ? { otp } : {}), ...(image ? { image } : {}), log });
  try {
    const ctx: RunContext = {
      driver: node.client,
      reference: { provider: node.provider, otp: node.otp, version: node.version },
      sharedDir: node.sharedDir,
      ...(tsExecutorFactory ? { tsExecutor: tsExecutorFactory(node.otp) } : {}),
    };
    return await body(ctx, node);
  } finally {
    await node.stop();
  }
}

export { loadDivergences };
