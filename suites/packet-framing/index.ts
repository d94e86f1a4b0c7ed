/** The packet-framing family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import badOptions from './bad-options.js';
import decodePacket from './decode-packet.js';
import headerMode from './header-mode.js';
import hugeHeader from './huge-header.js';
import http from './http.js';
import line from './line.js';
import linePacketSize from './line-packet-size.js';
import packetOption from './packet-option.js';
import packetSize from './packet-size.js';
import send from './send.js';

export const packetFraming: Scenario[] = [
  ...packetOption,
  ...line,
  ...packetSize,
  ...headerMode,
  ...http,
  ...send,
  ...decodePacket,
  ...badOptions,
  ...hugeHeader,
  ...linePacketSize,
];
