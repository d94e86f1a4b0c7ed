/** Every scenario, by family. `gentcp list` prints them in this order. */
import type { Scenario } from '../harness/scenario/schema.js';
import { backendDifferences } from './backend-differences/index.js';

export const families: Record<string, Scenario[]> = {
  'backend-differences': backendDifferences,
};

export function allScenarios(): Scenario[] {
  const all = Object.values(families).flat();
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.id)) throw new Error(`scenario id ${s.id} is defined twice`);
    seen.add(s.id);
  }
  return all;
}
