/**
 * Turns of the event loop for processes that never wait. A call that can answer
 * at once (recv of data the kernel already holds, a receive of a queued message,
 * a send the kernel takes) resolves in a microtask, so a process looping on such
 * calls never lets the event loop poll: every other socket, accept and timer
 * waits until it stops. BEAM preempts such a process after its reductions and
 * polls for I/O; here the answers of a slice that ran longer than SLICE_MS are
 * held until the next turn of the loop, after libuv has polled, and then
 * released all together, oldest first, so the busy processes share the next
 * slice as they shared this one.
 */
import { performance } from 'node:perf_hooks';

/** How long processes may run on immediate answers before the loop polls: short against a 30 s step, long against a turn's cost. */
export const SLICE_MS = 4;

/** When the current slice began; -1: no immediate answer since the last turn. */
let sliceStart = -1;
let held: Array<() => void> = [];
let turnPending = false;

function scheduleTurn(): void {
  if (turnPending) return;
  turnPending = true;
  // The check phase: after this iteration's poll, and any answer held in it waits for the next poll.
  setImmediate(turn);
}

function turn(): void {
  turnPending = false;
  sliceStart = -1;
  const run = held;
  held = [];
  for (const f of run) f();
}

/**
 * Whether an answer that is ready now must wait for the next turn: the slice it
 * would continue has run SLICE_MS. The first answer of a turn opens a slice.
 */
export function sliceOver(): boolean {
  if (sliceStart < 0) {
    sliceStart = performance.now();
    // The turn that closes this slice, even if nothing is held in it.
    scheduleTurn();
    return false;
  }
  return performance.now() - sliceStart >= SLICE_MS;
}

/** Runs `f` at the next turn, after the ones held before it. */
export function atNextTurn(f: () => void): void {
  held.push(f);
  scheduleTurn();
}
