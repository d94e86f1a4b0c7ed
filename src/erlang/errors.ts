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
    return typeof reason === 'string' ? reason : JSON.stringify(reason, (_k, v: unknown) => (v instanceof Stacktrace ? '<stacktrace>' : v));
  } catch {
    return String(reason);
  }
}

/** One frame of a Stacktrace, in the shape of Erlang's {Module, Function, Arity, [{file, F}, {line, L}]}. */
export interface StackFrame {
  module: string;
  function: string;
  arity: number;
  file?: string;
  line?: number;
}

/**
 * The stack in an exit reason such as {function_clause, Stack}, where gen_tcp
 * exits with the stack of a clause that did not match: here the JavaScript
 * frames where gentcp raised it, in the place of Erlang's list of frames.
 */
export class Stacktrace {
  readonly frames: readonly StackFrame[];
  constructor(frames: readonly StackFrame[]) {
    this.frames = frames;
  }

  /** The caller's frames (V8's "at fn (file:line:col)" lines), innermost first. */
  static here(): Stacktrace {
    const lines = (new Error().stack ?? '').split('\n').slice(2);
    const frames: StackFrame[] = [];
    for (const l of lines) {
      const m = /^\s*at (?:(?:async )?([^\s(]+) \()?(.*?):(\d+):\d+\)?$/.exec(l);
      if (!m) continue;
      const file = m[2]!;
      const dot = (m[1] ?? '').lastIndexOf('.');
      frames.push({
        module: (file.split('/').pop() ?? file).replace(/\.[cm]?[jt]s$/, ''),
        function: dot >= 0 ? m[1]!.slice(dot + 1) : (m[1] ?? 'anonymous'),
        arity: 0,
        file,
        line: Number(m[3]),
      });
    }
    return new Stacktrace(frames);
  }
}
