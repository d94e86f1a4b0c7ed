/** The shutdown family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import shutdownScenarios from './shutdown.js';
import sendAfterShutdown from './send-after-shutdown.js';

export const shutdown: Scenario[] = [...shutdownScenarios, ...sendAfterShutdown];
