import { ErlangExit, Stacktrace } from './errors.js';

describe('Stacktrace', () => {
  function raiseHere(): never {
    throw new ErlangExit(['function_clause', Stacktrace.here()]);
  }

  test('holds the frames of the code that raised, innermost first, with file and line', () => {
    let caught: unknown;
    try {
      raiseHere();
    } catch (e) {
      caught = e;
    }
    const [reason, stack] = (caught as ErlangExit).reason as [string, Stacktrace];
    expect(reason).toBe('function_clause');
    expect(stack).toBeInstanceOf(Stacktrace);
    expect(stack.frames[0]).toMatchObject({ module: 'errors.test', function: 'raiseHere', arity: 0, line: expect.any(Number) });
    expect(stack.frames[0]!.file).toMatch(/errors\.test\.ts$/);
  });

  test("an exit's message shows the stack as a placeholder, not its frames", () => {
    expect(new ErlangExit(['function_clause', new Stacktrace([{ module: 'm', function: 'f', arity: 0 }])]).message).toBe('exit: ["function_clause","<stacktrace>"]');
  });
});
