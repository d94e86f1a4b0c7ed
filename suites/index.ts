/** Every scenario, by family. `gentcp list` prints them in this order. */
import type { Scenario } from '../harness/scenario/schema.js';
import { backendDifferences } from './backend-differences/index.js';
import { backlog } from './backlog/index.js';
import { closeDelivery } from './close-delivery/index.js';
import { econnreset } from './econnreset/index.js';
import { sendTimeouts } from './send-timeouts/index.js';
import { partialPackets } from './partial-packets/index.js';

export const families: Record<string, Scenario[]> = {
  'backend-differences': backendDifferences,
  backlog,
  'close-delivery': closeDelivery,
  econnreset,
  'send-timeouts': sendTimeouts,
  'partial-packets': partialPackets,
};

export function allScenarios(): Scenario[] {
  const all = Object.values(families).flat();
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.id)) throw new Error(`scenario id ${s.id} is defined twice`);
    if (!Object.hasOwn(families, s.id.split('.')[0]!)) throw new Error(`scenario ${s.id} is not in a known family`);
    seen.add(s.id);
  }
  return all;
}
