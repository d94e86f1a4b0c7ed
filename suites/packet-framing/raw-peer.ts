/** A subject socket connected to a peer that writes the bytes it is given, unframed. */
import type { Builder, Opts, Pair } from '../builder.js';
import { PEER_RAW } from './common.js';

/** The subject's socket C with these options, connected to a peer socket S that writes bytes as given. */
export function rawPeerPair(b: Builder, opts: Opts): Pair {
  return b.connectedPair({ listen: PEER_RAW, connect: opts });
}
