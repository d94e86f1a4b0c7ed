/**
 * The backlog family: the listen backlog and accept. The subject listens and
 * accepts; the peer (real Erlang, inet) connects. One file per spec section.
 */
import type { Scenario } from '../../harness/scenario/schema.js';
import listenBacklog from './listen-backlog.js';
import accept from './accept.js';

export const backlog: Scenario[] = [...listenBacklog, ...accept];
