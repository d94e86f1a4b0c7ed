/** gentcp list: every scenario id, one per line. */
import { allScenarios } from '../../suites/index.js';

export function listCommand(): number {
  for (const s of allScenarios()) console.log(s.id);
  return 0;
}
