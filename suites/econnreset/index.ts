/** The econnreset family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import showEconnreset from './show-econnreset.js';
import recv from './recv.js';

export const econnreset: Scenario[] = [...showEconnreset, ...recv];
