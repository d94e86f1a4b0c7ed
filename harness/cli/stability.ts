/** gentcp stability <dir>...: whether runs of the same cases agreed (harness/report/stability.ts). */
import { readResults } from '../report/results.js';
import { compareRuns, describeStability } from '../report/stability.js';

export function stabilityCommand(dirs: readonly string[]): number {
  const s = compareRuns(dirs.map(readResults));
  console.log(describeStability(s));
  return s.unstable.length > 0 ? 1 : 0;
}
