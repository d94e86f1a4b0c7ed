/** The close-delivery family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import active from './active.js';
import recv from './recv.js';
import exitOnClose from './exit-on-close.js';
import close from './close.js';
import afterTcpClosed from './after-tcp-closed.js';

export const closeDelivery: Scenario[] = [...active, ...recv, ...exitOnClose, ...close, ...afterTcpClosed];
