/**
 * Erlang's exceptions, for the calls where gen_tcp raises instead of returning
 * an error tuple (bad options to listen/connect exit with badarg).
 */

/** An exit, as `exit(Reason)` raises it: `catch` in Erlang gives {'EXIT', Reason}. */
export class ErlangExit extends Error {
  readonly class = 'exit';
  /** `detail` says what was wrong, where Erlang's reason alone would not tell a JS user. */
  constructor(
    readonly reason: unknown,
    detail?: string,
  ) {
    super(`exit: ${describe(reason)}${detail ? ` (${detail})` : ''}`);
  }
}

/** A run-time error, as `erlang:error(Reason)` raises it (badarg from a BIF, function_clause). */
export class ErlangError extends Error {
  readonly class = 'error';
  constructor(readonly reason: unknown) {
    super(`error: ${describe(reason)}`);
  }
}

function describe(reason: unknown): string {
  try {
    return typeof reason === 'string' ? reason : JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}
