/** Shared bits of the send-timeouts family. */
import type { Builder, Opts, Pair } from '../builder.js';

/** Far more than loopback's OS buffers take (about 4 MiB here), so a peer that does not read backs the sender up. */
export const BIG = 8 * 1024 * 1024;
/** One more send after the buffers are full: it waits send_timeout. */
export const MORE = 1024 * 1024;

/** A connection whose peer has stopped reading: the client's sends back up once the OS buffers are full. */
export function toIdlePeer(b: Builder, connect: Opts): Pair {
  const pair = b.connectedPair({ listen: ['binary', ['active', false]], connect });
  pair.server.stopReading(pair.S);
  return pair;
}
