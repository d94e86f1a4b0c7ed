/** The inet-calls family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import addresses from './addresses.js';
import getstat from './getstat.js';
import getstatCounters from './getstat-counters.js';
import info from './info.js';
import monitor from './monitor.js';

export const inetCalls: Scenario[] = [...addresses, ...getstat, ...getstatCounters, ...info, ...monitor];
