/** How a conformance run is spread: shards across CI jobs, workers within one job. */

/**
 * Cases at once on one reference node when --workers is not given. Measured on
 * a 2-core machine (ts:inet and ts:socket against OTP 25): the cases mostly
 * wait on timers and sockets, so 8 at once cut the run 4x; beyond that the
 * cases that must run alone dominate.
 */
export const DEFAULT_WORKERS = 8;

/**
 * --shard i/n: every n-th scenario in id order, from the i-th on. The same suite
 * always splits the same way, and the shares differ by one scenario at most.
 */
export function inShard<T extends { id: string }>(scenarios: readonly T[], shard: { index: number; total: number }): T[] {
  const rank = new Map([...scenarios.map((s) => s.id)].sort().map((id, i) => [id, i]));
  return scenarios.filter((s) => rank.get(s.id)! % shard.total === shard.index - 1);
}

/** Parses "i/n" (1 <= i <= n). */
export function parseShard(text: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) throw new Error(`--shard takes i/n with 1 <= i <= n, not "${text}"`);
  return { index, total };
}
