import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenarioFile, MAX_DEPTH, ScenarioError, validateScenario } from './validate.js';
import { MAX_MS, timeoutBudget } from './budgets.js';
import { actorOf } from './schema.js';

const good = {
  id: 'close-delivery.example',
  title: 'an example',
  spec: { section: 'gen_tcp:recv/2', quote: 'A closed socket is indicated by return value {error, closed}.' },
  rationale: 'recv after the peer closes returns {error, closed}',
  actors: { client: { side: 'subject' }, server: { side: 'peer' } },
  steps: [
    { actor: 'server', op: 'listen', args: [0, { list: ['binary', ['active', false]] }], as: 'L' },
    { actor: 'client', op: 'connect', args: [[127, 0, 0, 1], { portOf: 'L' }, { list: [['active', false]] }], as: 'C' },
    { actor: 'client', op: 'recv', args: [{ sock: 'C' }, 0, 100] },
  ],
};

const problems = (data: unknown): string[] => {
  try {
    validateScenario(data, 'test');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
};
const edit = (f: (s: typeof good & Record<string, unknown>) => void): unknown => {
  const s = JSON.parse(JSON.stringify(good));
  f(s);
  return s;
};

describe('scenario validation names the bad field', () => {
  test('a good scenario passes', () => expect(problems(good)).toEqual([]));

  test('an unknown op', () => {
    expect(problems(edit((s) => ((s.steps[2] as { op: string }).op = 'recieve'))).join()).toMatch(/^steps\[2\]/);
  });
  test('a wrong argument count', () => {
    expect(problems(edit((s) => (s.steps[2]!.args = [{ sock: 'C' }])))).toEqual(['steps[2].args: recv takes 2 or 3 arguments, got 1']);
  });
  test('a socket no step binds', () => {
    expect(problems(edit((s) => (s.steps[2]!.args[0] = { sock: 'X' })))).toEqual(['steps[2].args[0].sock: no earlier step binds socket "X" with "as"']);
  });
  test('a monitor reference: bound by a monitor step with as, then named by {ref}', () => {
    const monitored = edit((s) => {
      (s.steps as unknown[]).splice(2, 1, { actor: 'client', op: 'monitor', args: [{ sock: 'C' }], as: 'M' }, { actor: 'client', op: 'cancel_monitor', args: [{ ref: 'M' }] });
    });
    expect(problems(monitored)).toEqual([]);
    const unbound = edit((s) => {
      (s.steps as unknown[]).splice(2, 1, { actor: 'client', op: 'cancel_monitor', args: [{ ref: 'M' }] });
    });
    expect(problems(unbound)).toEqual(['steps[2].args[0].ref: no earlier monitor step binds reference "M" with "as"']);
    const twice = edit((s) => {
      (s.steps as unknown[]).splice(2, 1, { actor: 'client', op: 'monitor', args: [{ sock: 'C' }], as: 'M' }, { actor: 'client', op: 'monitor', args: [{ sock: 'C' }], as: 'M' });
    });
    expect(problems(twice)).toEqual(['steps[3].as: reference "M" is already bound']);
  });
  test('a socket of the other side', () => {
    expect(problems(edit((s) => (s.steps[2]!.args[0] = { sock: 'L' })))[0]).toMatch(/steps\[2\]\.args\[0\]\.sock: socket "L" belongs to the peer side/);
  });
  test('an undeclared actor', () => {
    expect(problems(edit((s) => (s.steps[2]!.actor = 'nobody')))[0]).toMatch(/^steps\[2\]\.actor: no actor "nobody"/);
  });
  test('a missing field', () => {
    expect(problems(edit((s) => delete (s as Partial<typeof good>).rationale))[0]).toMatch(/^rationale: /);
  });
  test('an unknown key', () => {
    expect(problems(edit((s) => ((s.steps[0] as Record<string, unknown>).timeout = 5)))[0]).toMatch(/^steps\[0\]: Unrecognized key: "timeout"/);
  });
  test('a bad id', () => {
    expect(problems(edit((s) => (s.id = 'NoFamily')))[0]).toMatch(/^id: an id is family.case/);
  });
  test('a peer-only fault step on the subject', () => {
    expect(problems(edit((s) => s.steps.push({ actor: 'client', op: 'reset', args: [{ sock: 'C' }] })))[0]).toMatch(/steps\[3\]\.op: reset is a peer-only fault step/);
  });
  test('a non-integer number in a term', () => {
    expect(problems(edit((s) => (s.steps[2]!.args[1] = 1.5)))[0]).toMatch(/^steps\[2\]\.args\[1\]/);
  });

  describe('times above 2^31-1 ms, which Node timers turn into 1 ms, are refused naming the field', () => {
    test('a wait of 3e9 ms', () => {
      expect(problems(edit((s) => s.steps.push({ op: 'wait', ms: 3e9 } as never)))).toEqual([`steps[3].ms: at most ${MAX_MS} ms (2^31-1, the longest timer Node can set)`]);
    });
    test('an await timeout of 5e9 ms', () => {
      const p = problems(edit((s) => s.steps.push({ op: 'await', actor: 'client', until: { count: 1 }, timeout: 5e9 } as never)));
      expect(p).toEqual([`steps[3].timeout: at most ${MAX_MS} ms (2^31-1, the longest timer Node can set)`]);
    });
    test('scenario and step budgets and settleMs', () => {
      expect(problems(edit((s) => Object.assign(s, { budgetMs: 2 ** 31, settleMs: 2 ** 32 })))).toEqual([
        expect.stringMatching(/^budgetMs: at most 2147483647 ms/),
        expect.stringMatching(/^settleMs: at most 2147483647 ms/),
      ]);
      expect(problems(edit((s) => ((s.steps[2] as Record<string, unknown>).budgetMs = 5e9)))[0]).toMatch(/^steps\[2\]\.budgetMs: at most 2147483647 ms/);
    });
    test('a timeout argument of 5e9 ms, and a sleep argument', () => {
      expect(problems(edit((s) => (s.steps[2]!.args[2] = 5e9)))).toEqual([`steps[2].args[2]: at most ${MAX_MS} ms (2^31-1, the longest timer Node can set), got 5000000000`]);
      expect(problems(edit((s) => s.steps.push({ actor: 'client', op: 'sleep', args: [2 ** 31] } as never)))[0]).toMatch(/^steps\[3\]\.args\[0\]: at most 2147483647 ms/);
    });
    test('2^31-1 itself passes, and a step budget never exceeds it', () => {
      expect(problems(edit((s) => s.steps.push({ op: 'wait', ms: MAX_MS } as never)))).toEqual([]);
      expect(problems(edit((s) => (s.steps[2]!.args[2] = MAX_MS)))).toEqual([]);
      expect(timeoutBudget(MAX_MS)).toBe(MAX_MS);
      expect(timeoutBudget(500)).toBe(3500);
    });
  });

  test('nesting deeper than the limit names the file and where the limit was passed, instead of overflowing the stack', async () => {
    let deep: unknown = 'ok';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const p = problems(edit((s) => (s.steps[2]!.args[1] = deep as number)));
    expect(p).toHaveLength(1);
    // steps, [2], args, [1] are four levels; the 96 tuples below them reach the limit.
    expect(p[0]).toBe(`steps[2].args[1]${'[0]'.repeat(MAX_DEPTH - 4)}: nested deeper than ${MAX_DEPTH} levels`);
    const dir = mkdtempSync(path.join(tmpdir(), 'gentcp-'));
    const file = path.join(dir, 'deep.json');
    // Written as text: JSON.stringify itself overflows on 5,000 levels.
    const text = JSON.stringify(edit((s) => (s.steps[2]!.args[1] = 'DEEP' as never))).replace('"DEEP"', `${'['.repeat(5000)}"ok"${']'.repeat(5000)}`);
    writeFileSync(file, text);
    await expect(loadScenarioFile(file)).rejects.toThrow(/deep\.json:\n {2}- steps\[2\]\.args\[1\](\[0\])+: nested deeper than 100 levels/);
    let ok: unknown = 'ok';
    for (let i = 0; i < MAX_DEPTH - 10; i++) ok = [ok];
    expect(problems(edit((s) => (s.steps[2]!.args[1] = ok as number)))).toEqual([]);
  });

  test.each(['__proto__', 'constructor', 'prototype'])('an actor named %s is refused', (n) => {
    // Parsed from text, as a file is: a literal {__proto__: …} would set the prototype instead.
    const data = JSON.parse(JSON.stringify(good).replaceAll('"client"', JSON.stringify(n))) as unknown;
    const p = problems(data);
    expect(p[0]).toBe(`actors.${n}: "${n}" is reserved (__proto__, constructor, prototype cannot name anything)`);
    expect(p.filter((x) => x.startsWith(`actors.${n}`))).toHaveLength(1);
    expect(problems(JSON.parse(JSON.stringify(edit((s) => Object.assign(s, { messages: { x: 'exact' } }))).replace('"x"', JSON.stringify(n))))).toContain(
      `messages.${n}: "${n}" is reserved (__proto__, constructor, prototype cannot name anything)`,
    );
  });
  test('an actor that is only an inherited property is not declared', () => {
    const s = validateScenario(good, 'test');
    expect(actorOf(s, 'toString')).toBeUndefined();
    expect(actorOf(s, 'client')).toEqual({ side: 'subject' });
    expect(problems(edit((s) => (s.steps[2]!.actor = 'toString')))[0]).toMatch(/^steps\[2\]\.actor: no actor "toString"/);
  });

  describe('what a scenario allocates is capped', () => {
    const MiB = 1024 * 1024;
    const sends = (sizes: number[]): unknown =>
      edit((s) => sizes.forEach((n) => s.steps.push({ actor: 'client', op: 'send', args: [{ sock: 'C' }, { fill: n }] } as never)));
    test('one fill above 64 MiB names its field', () => {
      expect(problems(sends([256 * MiB]))).toEqual([`steps[3].args[1].fill: at most ${64 * MiB} bytes (64 MiB) per fill`]);
    });
    test('20 fills of 256 MiB are each refused', () => {
      expect(problems(sends(Array(20).fill(256 * MiB)))).toHaveLength(20);
    });
    test('fills adding up to more than 256 MiB name the fields', () => {
      expect(problems(sends([64 * MiB, 64 * MiB, 64 * MiB, 64 * MiB, 1]))).toEqual([
        `steps[3].args[1].fill, steps[4].args[1].fill, steps[5].args[1].fill, steps[6].args[1].fill, steps[7].args[1].fill: fills add up to ${256 * MiB + 1} bytes, more than the ${256 * MiB} bytes (256 MiB) one scenario may allocate`,
      ]);
    });
    test('fills inside lists, and the peer fill chunk, count too', () => {
      const p = problems(
        edit((s) => {
          s.steps.push({ actor: 'server', op: 'listen', args: [0, { list: [{ fill: 64 * MiB }, [{ fill: 64 * MiB }]] }] } as never);
          s.steps.push({ actor: 'server', op: 'listen', args: [0, { list: [] }], as: 'L2' } as never);
          s.steps.push({ actor: 'server', op: 'fill', args: [{ sock: 'L2' }, 128 * MiB, 1] } as never);
          s.steps.push({ actor: 'server', op: 'fill', args: [{ sock: 'L2' }, 65 * MiB, 1] } as never);
        }),
      );
      expect(p).toContain(`steps[6].args[1]: a fill chunk is at most ${64 * MiB} bytes (64 MiB), got ${65 * MiB}`);
      expect(p.at(-1)).toMatch(/^steps\[5\]\.args\[1\], steps\[6\]\.args\[1\], steps\[3\]\.args\[1\]\.list\[0\]\.fill, .*fills add up to/);
    });
    test('up to 256 MiB in all passes', () => {
      expect(problems(sends([64 * MiB, 64 * MiB, 64 * MiB, 64 * MiB]))).toEqual([]);
    });
  });

  test.each([
    ['a binary', { bin: '/tmp/x.sock' }],
    ['a string', { str: '/tmp/x.sock' }],
    ['a list', { list: [47, 116] }],
  ])('a literal unix socket path (%s) is refused, in a tuple or deep in an option list', (_, p) => {
    const msg = 'a literal {local, Path} creates a socket file wherever it points and leaves it behind; use the {"path": Name} placeholder, a per-run path the harness removes';
    expect(problems(edit((s) => (s.steps[0]!.args[1] = { list: [['ifaddr', ['local', p]], 'binary'] } as never)))).toEqual([`steps[0].args[1].list[0][1]: ${msg}`]);
    expect(problems(edit((s) => (s.steps[1]!.args[0] = ['local', p] as never)))).toEqual([`steps[1].args[0]: ${msg}`]);
  });
  test('the {path: Name} placeholder, and option lists that merely start with local, pass', () => {
    expect(problems(edit((s) => ((s.steps[0]!.args[1] = { list: [['ifaddr', { path: 'p' }], 'binary'] } as never), (s.steps[1]!.args[0] = { path: 'p' } as never), (s.steps[1]!.args[2] = { list: ['local', 'binary'] } as never))))).toEqual([]);
  });

  test('a file that is not JSON, and a file with a bad field, say which file and which field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gentcp-'));
    const notJson = path.join(dir, 'a.json');
    writeFileSync(notJson, '{ "id": ');
    await expect(loadScenarioFile(notJson)).rejects.toThrow(/invalid scenario .*a\.json:\n {2}- not JSON/);
    const bad = path.join(dir, 'b.json');
    writeFileSync(bad, JSON.stringify(edit((s) => (s.steps[1]!.as = 5 as unknown as string))));
    await expect(loadScenarioFile(bad)).rejects.toThrow(/b\.json:\n {2}- steps\[1\]\.as: /);
  });
});
