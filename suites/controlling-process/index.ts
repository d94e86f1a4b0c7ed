/** The controlling-process family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import controllingProcess_ from './controlling-process.js';
import listenSocket from './listen-socket.js';
import ownerExit from './owner-exit.js';

export const controllingProcess: Scenario[] = [...controllingProcess_, ...ownerExit, ...listenSocket];
