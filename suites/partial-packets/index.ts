/** The partial-packets family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import packetOption from './packet-option.js';
import recv from './recv.js';

export const partialPackets: Scenario[] = [...packetOption, ...recv];
