/** The send-recv family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import loops from './loops.js';
import recv from './recv.js';
import send from './send.js';
import recvLimits from './recv-limits.js';
import delaySend from './delay-send.js';
import badArgs from './bad-args.js';

export const sendRecv: Scenario[] = [...send, ...recv, ...loops, ...recvLimits, ...delaySend, ...badArgs];
