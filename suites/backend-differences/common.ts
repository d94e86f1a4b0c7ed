/** Shared bits of the backend-differences family. */
import { fill, type Builder, type Pair } from '../builder.js';

/** Far more than loopback's OS buffers take: inet queues the rest in its driver, socket waits. */
export const BULK = 8 * 1024 * 1024;

/** A connection whose client (send_timeout 300 ms) has just sent BULK bytes to a peer that has not read yet. */
export function bulkSent(b: Builder): Pair {
  const pair = b.connectedPair({ connect: ['binary', ['active', false], ['send_timeout', 300]] });
  pair.client.send(pair.C, fill(BULK)).shape();
  return pair;
}
