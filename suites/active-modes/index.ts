/** The active-modes family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import accept from './accept.js';
import activeN from './active-n.js';
import activeNListen from './active-n-listen.js';
import activeOnce from './active-once.js';
import activeTrueFalse from './active-true-false.js';
import badInput from './bad-input.js';
import mode from './mode.js';
import recv from './recv.js';

export const activeModes: Scenario[] = [...activeTrueFalse, ...activeOnce, ...activeN, ...recv, ...accept, ...mode, ...badInput, ...activeNListen];
