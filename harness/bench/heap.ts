/**
 * What a cell's runtime holds in memory, for the memory per idle connection:
 * V8's heap in use plus its external memory (Buffers, the addon's objects), after
 * a full collection. Resident-set growth over 1,000 connections drowned in V8's
 * and the allocator's reservations (0 to 6 KiB per connection from run to run).
 * Kernel socket buffers are in neither, as they are in neither for Erlang.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

/** A full GC of this thread's isolate (exposing gc at run time, so the cell's flags stay as they are). */
function fullGc(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

/** This thread's heap in use plus external memory, in bytes, after a full GC. */
export function heapBytes(): number {
  fullGc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}
