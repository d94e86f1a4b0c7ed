/** The send-timeouts family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import sendTimeout from './send-timeout.js';
import sendTimeoutClose from './send-timeout-close.js';
import examples from './examples.js';
import blockedSender from './blocked-sender.js';

export const sendTimeouts: Scenario[] = [...sendTimeout, ...sendTimeoutClose, ...examples, ...blockedSender];
