import type { Timeout } from './types.js';

/** Erlang's timeout(): infinity or a non-negative integer of milliseconds. */
export const isTimeout = (t: unknown): t is Timeout => t === 'infinity' || (typeof t === 'number' && Number.isInteger(t) && t >= 0);
