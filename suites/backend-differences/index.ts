/**
 * gen_tcp reference manual, note on inet_backend: "a list of cases when the
 * behaviour of inet-backend inet (default) and socket are different".
 * One file per listed case. `gentcp run <id> --subject erlang:socket --against
 * erlang:inet` shows each difference; each backend against itself matches.
 */
import type { Scenario } from '../../harness/scenario/schema.js';
import nonBlockingSend from './non-blocking-send.js';
import remoteCloseBackgroundSend from './remote-close-background-send.js';
import showEconnreset from './show-econnreset.js';
import nodelayLocal from './nodelay-local.js';
import asyncShutdownWrite from './async-shutdown-write.js';

export const backendDifferences: Scenario[] = [
  ...nonBlockingSend,
  ...remoteCloseBackgroundSend,
  ...showEconnreset,
  ...nodelayLocal,
  ...asyncShutdownWrite,
];
