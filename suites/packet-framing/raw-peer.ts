/** A subject socket connected to a peer that writes the bytes it is given, unframed. */
import { LOOPBACK, type Actor, type Builder, type Opts, type Sock } from '../builder.js';
import { PEER_RAW } from './common.js';

/** The subject's socket C with these options, connected to a peer socket S that writes bytes as given. */
export function rawPeerPair(b: Builder, opts: Opts): { client: Actor; server: Actor; C: Sock; S: Sock } {
  const client = b.subject('client');
  const server = b.peer('server');
  const L = server.listen('L', 0, PEER_RAW);
  const C = client.connect('C', LOOPBACK, L.port, opts);
  const S = server.accept('S', L, 2000);
  return { client, server, C, S };
}
