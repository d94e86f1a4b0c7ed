/** Every scenario, by family. `gentcp list` prints them in this order. */
import { familyOf } from '../harness/vocabulary/ids.js';
import type { Scenario } from '../harness/scenario/schema.js';
import { backendDifferences } from './backend-differences/index.js';
import { backlog } from './backlog/index.js';
import { closeDelivery } from './close-delivery/index.js';
import { econnreset } from './econnreset/index.js';
import { sendTimeouts } from './send-timeouts/index.js';
import { partialPackets } from './partial-packets/index.js';
import { options } from './options/index.js';
import { activeModes } from './active-modes/index.js';
import { packetFraming } from './packet-framing/index.js';
import { controllingProcess } from './controlling-process/index.js';
import { connectListen } from './connect-listen/index.js';
import { inetCalls } from './inet-calls/index.js';
import { shutdown } from './shutdown/index.js';
import { sendRecv } from './send-recv/index.js';

export const families: Record<string, Scenario[]> = {
  'backend-differences': backendDifferences,
  backlog,
  'close-delivery': closeDelivery,
  econnreset,
  'send-timeouts': sendTimeouts,
  'partial-packets': partialPackets,
  options,
  'active-modes': activeModes,
  'packet-framing': packetFraming,
  'controlling-process': controllingProcess,
  'connect-listen': connectListen,
  'inet-calls': inetCalls,
  shutdown,
  'send-recv': sendRecv,
};

export function allScenarios(): Scenario[] {
  const seen = new Set<string>();
  for (const [family, scenarios] of Object.entries(families))
    for (const s of scenarios) {
      if (seen.has(s.id)) throw new Error(`scenario id ${s.id} is defined twice`);
      // Built-in ids are family.case, listed under their family; namespaced ids (acme.area.case) are for users' own scenarios.
      if (familyOf(s.id) !== family) throw new Error(`scenario ${s.id} is listed under the family ${family}, but its id names ${familyOf(s.id)}`);
      seen.add(s.id);
    }
  return Object.values(families).flat();
}
