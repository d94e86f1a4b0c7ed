/** The options family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import defaults from './defaults.js';
import setoptsValues from './setopts-values.js';
import modeHeader from './mode-header.js';
import deliver from './deliver.js';
import buffer from './buffer.js';
import packetSize from './packet-size.js';
import lineDelimiter from './line-delimiter.js';
import linger from './linger.js';
import reuseaddr from './reuseaddr.js';
import watermarks from './watermarks.js';
import badOptions from './bad-options.js';
import getoptsNames from './getopts-names.js';
import exitOnClose from './exit-on-close.js';
import setoptsList from './setopts-list.js';
import limits from './limits.js';
import raw from './raw.js';

export const options: Scenario[] = [
  ...defaults,
  ...setoptsValues,
  ...modeHeader,
  ...deliver,
  ...buffer,
  ...packetSize,
  ...lineDelimiter,
  ...exitOnClose,
  ...linger,
  ...reuseaddr,
  ...watermarks,
  ...badOptions,
  ...getoptsNames,
  ...setoptsList,
  ...limits,
  ...raw,
];
