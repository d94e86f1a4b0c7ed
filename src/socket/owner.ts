/** Giving a socket to another process (controlling_process): the checks both backends make, and the messages that go along. */
import type { Reason } from '../erlang/reasons.js';
import type { Process } from '../process/process.js';
import type { AnySocket } from './kinds.js';

/**
 * Where controlling_process ends before the backend moves anything: on a closed
 * socket, given to its owner (ok whoever asks), asked by another process, or
 * (socket 27+) after the end of the stream was told.
 */
export function transferAnswer(sock: AnySocket, caller: Process, target: Process | undefined): 'ok' | ['error', Reason] | undefined {
  if (sock.closed) return ['error', sock.profile.controllingProcessOnClosed];
  if (target !== undefined && sock.owner === target) return 'ok';
  if (sock.owner !== caller) return ['error', 'not_owner'];
  if (sock.kind === 'stream' && sock.serverClosed) return undefined;
  if (sock.kind === 'stream' && sock.endOfStreamReported && sock.profile.controllingProcessAfterClosed === 'einval') return ['error', 'einval'];
  return undefined;
}

/** The messages controlling_process moves (inet's tcp_sync_input): data and the close, not errors or tcp_passive. */
export const isSocketMessage =
  (sock: AnySocket) =>
  (m: unknown): boolean =>
    Array.isArray(m) && ((m[1] === sock && (m[0] === 'tcp' || m[0] === 'tcp_closed')) || (m[0] === sock && Array.isArray(m[1]) && m[1][0] === 'data'));
