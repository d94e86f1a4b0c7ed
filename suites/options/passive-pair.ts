/** A passive connection for the options family's scenarios. */
import type { Builder, Pair } from '../builder.js';

/** A passive connected socket C of `client`, both ends binary and {active,false}. */
export function passivePair(b: Builder): Pair {
  return b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
}
