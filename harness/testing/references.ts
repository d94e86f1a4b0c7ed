/**
 * The reference nodes of one Jest run. globalSetup starts them once and
 * publishes how to reach them in GENTCP_TEST_REFERENCES; each test file
 * connects its own control client to the same drivers.
 */
import { DriverClient } from '../driver/client.js';
import type { ProviderName } from '../providers/types.js';
import type { RunContext } from '../runner/run.js';
import type { Subject } from '../vocabulary/subject.js';
import { tsExecutorFactory } from '../runner/ts-executor.js';

export interface PublishedReference {
  /** Which subjects run against this reference: all, only the ts:* ones, or only real Erlang's. */
  subjects: 'all' | 'ts' | 'erlang';
  provider: ProviderName | 'recorded';
  otp: string;
  version: string;
  where: string;
  port: number;
  token: string;
  sharedDir: string;
  startMs: number;
}

export const ENV_KEY = 'GENTCP_TEST_REFERENCES';

/** Whether a reference serves a subject: one published for ts subjects serves users' modules too, one for erlang their nodes. */
export function servesSubject(r: Pick<PublishedReference, 'subjects'>, s: Subject): boolean {
  if (r.subjects === 'all') return true;
  return r.subjects === 'ts' ? s.impl === 'ts' || s.impl === 'module' : s.impl === 'erlang' || s.impl === 'node';
}

export function publishedReferences(): PublishedReference[] {
  const raw = process.env[ENV_KEY];
  if (!raw) throw new Error(`${ENV_KEY} is not set: run the tests through jest (its globalSetup starts the reference Erlang nodes)`);
  return JSON.parse(raw) as PublishedReference[];
}

/** A control connection of this test file to one published reference. */
export async function connectReference(r: PublishedReference): Promise<{ ctx: RunContext; close: () => void }> {
  const driver = await DriverClient.connect(r.port, r.token);
  const ctx: RunContext = {
    driver,
    reference: { provider: r.provider, otp: r.otp, version: r.version },
    sharedDir: r.sharedDir,
    ...(tsExecutorFactory ? { tsExecutor: tsExecutorFactory(r.otp) } : {}),
  };
  return { ctx, close: () => driver.close() };
}

/** The references this project's own Jest run starts when GENTCP_REFERENCES is not set. */
export const PROJECT_REFERENCES = 'container:27,local';

/**
 * Which references to start: GENTCP_REFERENCES=provider[:otp[:subjects]],... where subjects is
 * all (default), ts or erlang. Default: `fallback` (this project's: container:27,local).
 */
export function wantedReferences(fallback = PROJECT_REFERENCES): Array<{ provider: ProviderName | 'auto'; otp?: string; subjects: 'all' | 'ts' | 'erlang' }> {
  const spec = process.env.GENTCP_REFERENCES ?? fallback;
  return spec.split(',').map((item) => {
    const [provider, otp, subjects = 'all'] = item.trim().split(':') as [ProviderName | 'auto', string | undefined, string | undefined];
    if (!['container', 'local', 'auto'].includes(provider)) throw new Error(`GENTCP_REFERENCES: unknown provider "${provider}"`);
    if (!['all', 'ts', 'erlang'].includes(subjects)) throw new Error(`GENTCP_REFERENCES: "${item}": subjects must be all, ts or erlang`);
    return { provider, ...(otp ? { otp } : {}), subjects: subjects as 'all' | 'ts' | 'erlang' };
  });
}
