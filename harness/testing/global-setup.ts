/** Jest globalSetup: one driver per reference serves the whole run. */
import { startReference } from '../providers/auto.js';
import type { ReferenceNode } from '../providers/types.js';
import { ENV_KEY, PROJECT_REFERENCES, wantedReferences, type PublishedReference } from './references.js';

declare global {
  // Kept for globalTeardown, which runs in the same process.
  var __gentcpReferences: ReferenceNode[] | undefined;
}

export default function globalSetup(): Promise<void> {
  return startPublishedReferences(PROJECT_REFERENCES);
}

/** Starts the references GENTCP_REFERENCES (else `fallback`) names and publishes them to the test files. */
export async function startPublishedReferences(fallback: string): Promise<void> {
  const nodes: ReferenceNode[] = [];
  const subjects: PublishedReference['subjects'][] = [];
  globalThis.__gentcpReferences = nodes;
  const log = (l: string): void => void process.stderr.write(`\n${l}`);
  for (const want of wantedReferences(fallback)) {
    try {
      nodes.push(await startReference(want.provider, { ...(want.otp ? { otp: want.otp } : {}), log, idleMs: 120_000 }));
      subjects.push(want.subjects);
    } catch (e) {
      // CI must exercise every provider it asks for; elsewhere say loudly what is missing.
      if (process.env.CI) throw e;
      log(`WARNING: reference ${want.provider}${want.otp ? `:${want.otp}` : ''} is unavailable and will not be tested: ${(e as Error).message}`);
    }
  }
  if (nodes.length === 0) throw new Error('no reference Erlang node could be started (see the messages above)');
  const published: PublishedReference[] = nodes.map((n, i) => ({
    subjects: subjects[i]!,
    provider: n.provider,
    otp: n.otp,
    version: n.version,
    where: n.where,
    port: n.port,
    token: n.token,
    sharedDir: n.sharedDir,
    startMs: n.startMs,
  }));
  process.env[ENV_KEY] = JSON.stringify(published);
  log('');
}
