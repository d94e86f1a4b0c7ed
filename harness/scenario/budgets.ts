/**
 * A scenario's time budgets when it names none: one table for the runner and for the
 * repro scripts, which must give a case the same time the runner gave it.
 */
export const DEFAULT_STEP_BUDGET_MS = 5_000;
/** Node's timers take at most 2^31-1 ms; a longer delay silently becomes 1 ms. */
export const MAX_MS = 2 ** 31 - 1;
/** Added to a step's own timeout argument (recv(S, 0, 500) gets 3.5 s). */
export const BUDGET_MARGIN_MS = 3_000;
export const DEFAULT_SCENARIO_BUDGET_MS = 30_000;
/** How long a run waits after its last step for late messages. */
export const DEFAULT_SETTLE_MS = 100;

/** A step's budget from its timeout argument: the timeout plus the margin, else the default. */
export function timeoutBudget(timeout: unknown): number {
  return typeof timeout === 'number' ? Math.min(timeout + BUDGET_MARGIN_MS, MAX_MS) : DEFAULT_STEP_BUDGET_MS;
}
