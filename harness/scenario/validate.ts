/** Checks a scenario's shape (zod) and its internal references, with errors that name the field. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MAX_MS } from './budgets.js';
import { ACTOR_OPS, argTimeout, isActorOp, MAX_LOOP_ITERATIONS, MAX_NEST_DEPTH, type ActorOp } from './ops.js';
import { expectCells } from './expectations.js';
import { MAX_FILL_BYTES, MAX_TOTAL_FILL_BYTES, reservedKeys, Scenario, type TermIn } from './schema.js';

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid scenario ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `steps[3].args[1]` from a zod path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

/** How deep a scenario's JSON may nest; zod (and the runner) recurse, and deeper input overflows the stack. */
export const MAX_DEPTH = 100;

/** The path of the first value nested deeper than `limit`, found without recursion; undefined when none is. */
export function tooDeep(data: unknown, limit = MAX_DEPTH): string | undefined {
  const stack: Array<{ v: unknown; path: PropertyKey[] }> = [{ v: data, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= limit) return fieldPath(path) || '(top level)';
    for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, Array.isArray(v) ? Number(k) : k] });
  }
  return undefined;
}

/** Validates unknown data as a scenario; throws ScenarioError listing every problem. */
export function validateScenario(data: unknown, source = '<scenario>'): Scenario {
  const deep = tooDeep(data);
  if (deep !== undefined) throw new ScenarioError(source, [`${deep}: nested deeper than ${MAX_DEPTH} levels`]);
  const parsed = Scenario.safeParse(data);
  const reserved = reservedKeys(data);
  if (!parsed.success || reserved.length) {
    // zod's own word on a reserved key is a bare "Invalid key in record".
    const issues = parsed.success ? [] : describeIssues(parsed.error.issues).filter((p) => !reserved.some((r) => p.startsWith(`${r.split(':')[0]!}:`)));
    throw new ScenarioError(source, [...reserved, ...issues]);
  }
  const problems = checkReferences(parsed.data);
  if (problems.length) throw new ScenarioError(source, problems);
  return parsed.data;
}

/** Loads and validates a scenario file. */
export async function loadScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(file, [`cannot read: ${(e as Error).message}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [`not JSON: ${(e as Error).message}`]);
  }
  return validateScenario(data, file);
}

function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((i) => {
    const where = fieldPath(i.path) || '(top level)';
    if (i.code === 'invalid_union' && 'errors' in i) {
      // Name the closest alternative instead of "invalid input".
      const best = [...i.errors].sort((a, b) => a.length - b.length)[0];
      if (best?.length) return `${where}: ${best.map((x) => `${fieldPath([...i.path, ...x.path]) || where}: ${x.message}`).join('; ')}`;
    }
    return `${where}: ${i.message}`;
  });
}

/**
 * What a scenario makes the harness and the node allocate: each {fill: N} (and the peer's fill
 * chunk) is held in memory, so together they are capped, not only one by one.
 */
function checkAllocations(s: Scenario): string[] {
  const problems: string[] = [];
  const sizes: Array<{ where: string; n: number }> = [];
  const walk = (t: unknown, where: string): void => {
    if (Array.isArray(t)) return t.forEach((x, i) => walk(x, `${where}[${i}]`));
    if (t === null || typeof t !== 'object') return;
    if ('fill' in t && typeof t.fill === 'number') sizes.push({ where: `${where}.fill`, n: t.fill });
    else for (const [k, v] of Object.entries(t)) walk(v, `${where}.${k}`);
  };
  s.steps.forEach((step, i) => {
    if (!('args' in step)) return;
    walk(step.args, `steps[${i}].args`);
    if (step.alts) walk(step.alts, `steps[${i}].alts`);
    if (step.expect) walk(step.expect.map((e) => e.result), `steps[${i}].expect`);
    if (step.op === 'fill' && typeof step.args[1] === 'number') {
      const where = `steps[${i}].args[1]`;
      if (step.args[1] > MAX_FILL_BYTES) problems.push(`${where}: a fill chunk is at most ${MAX_FILL_BYTES} bytes (64 MiB), got ${step.args[1]}`);
      sizes.push({ where, n: step.args[1] });
    }
  });
  const total = sizes.reduce((a, x) => a + x.n, 0);
  if (total > MAX_TOTAL_FILL_BYTES) {
    const big = [...sizes].sort((a, b) => b.n - a.n).slice(0, 5);
    problems.push(
      `${big.map((x) => x.where).join(', ')}${sizes.length > big.length ? ` and ${sizes.length - big.length} more` : ''}: ` +
        `fills add up to ${total} bytes, more than the ${MAX_TOTAL_FILL_BYTES} bytes (256 MiB) one scenario may allocate`,
    );
  }
  return problems;
}

/** {local, Path} with a path spelt out: a string, binary or list where only {path: Name} belongs. */
function isLiteralLocal(t: TermIn[]): boolean {
  const p = t[1];
  return t.length === 2 && t[0] === 'local' && p !== null && typeof p === 'object' && !Array.isArray(p) && ('str' in p || 'bin' in p || 'list' in p);
}

/** Every name a step uses must exist, on the right side, by the time the step runs. */
function checkReferences(s: Scenario): string[] {
  const problems: string[] = [];
  const actors = new Map(Object.entries(s.actors));
  const alive = new Set([...actors].filter(([, a]) => (a.start ?? 'run') === 'run').map(([n]) => n));
  const sockets = new Map<string, 'subject' | 'peer'>();
  const refs = new Map<string, 'subject' | 'peer'>();
  const ids = new Set<string>();
  const nowaitIds = new Set<string>();

  const side = (actor: string): 'subject' | 'peer' | undefined => actors.get(actor)?.side;

  s.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if (step.id !== undefined) {
      if (ids.has(step.id)) problems.push(`${at}.id: "${step.id}" is used twice`);
      ids.add(step.id);
    }
    if ('actor' in step && !actors.has(step.actor)) {
      problems.push(`${at}.actor: no actor "${step.actor}" in actors (have: ${[...actors.keys()].join(', ')})`);
      return;
    }
    switch (step.op) {
      case 'spawn':
        if (actors.get(step.actor)?.start !== 'spawn') problems.push(`${at}.actor: "${step.actor}" must be declared with start: "spawn"`);
        alive.add(step.actor);
        return;
      case 'join':
        step.ids.forEach((id, k) => {
          if (!nowaitIds.has(id)) problems.push(`${at}.ids[${k}]: "${id}" is not an earlier nowait step`);
        });
        return;
      case 'wait':
      case 'kill':
      case 'await':
        return;
    }
    if (!isActorOp(step.op)) return;
    const op: ActorOp = ACTOR_OPS[step.op];
    const actorSide = side(step.actor)!;
    if (!alive.has(step.actor)) problems.push(`${at}.actor: "${step.actor}" is not started yet (add a spawn step)`);
    if (!(op.arities as readonly number[]).includes(step.args.length))
      problems.push(`${at}.args: ${step.op} takes ${op.arities.join(' or ')} arguments, got ${step.args.length}`);
    if ('peerOnly' in op && op.peerOnly && actorSide !== 'peer') problems.push(`${at}.op: ${step.op} is a peer-only fault step, but "${step.actor}" is a ${actorSide} actor`);
    step.args.forEach((a, k) => checkTerm(a, `${at}.args[${k}]`, actorSide));
    if (op.depthAt !== undefined && step.args.length > op.depthAt) {
      const n = step.args[op.depthAt];
      if (typeof n !== 'number' || n < 0 || n > MAX_NEST_DEPTH)
        problems.push(`${at}.args[${op.depthAt}]: ${step.op} needs a depth, a whole number from 0 to ${MAX_NEST_DEPTH}, got ${JSON.stringify(n)}`);
    }
    if (op.loopAt !== undefined && step.args.length > op.loopAt) {
      const n = step.args[op.loopAt];
      if (typeof n !== 'number' || n < 1 || n > MAX_LOOP_ITERATIONS)
        problems.push(`${at}.args[${op.loopAt}]: ${step.op} needs an iteration bound, a whole number from 1 to ${MAX_LOOP_ITERATIONS}, got ${JSON.stringify(n)}`);
      const t = argTimeout(op, step.args);
      if (t !== undefined && t > MAX_MS) problems.push(`${at}.args: ${step.op} may wait its timeout on each of its iterations, ${t} ms in all, more than ${MAX_MS} ms (2^31-1)`);
    }
    for (const k of [op.timeoutAt, op.msAt]) {
      const v = k === undefined ? undefined : step.args[k];
      if (typeof v === 'number' && v > MAX_MS) problems.push(`${at}.args[${k}]: at most ${MAX_MS} ms (2^31-1, the longest timer Node can set), got ${v}`);
    }
    const covered = new Set<string>();
    step.expect?.forEach((e, k) => {
      const twice = expectCells(e).filter((c) => covered.has(c));
      if (twice.length) problems.push(`${at}.expect[${k}]: ${twice.join(', ')} has an expectation already; each backend and release takes one`);
      for (const c of expectCells(e)) covered.add(c);
    });
    if (step.nowait) {
      if (step.id === undefined) problems.push(`${at}.id: a nowait step needs an id for join`);
      else nowaitIds.add(step.id);
    }
    if (step.as !== undefined && 'makesRef' in op && op.makesRef) {
      if (refs.has(step.as)) problems.push(`${at}.as: reference "${step.as}" is already bound`);
      refs.set(step.as, actorSide);
    } else if (step.as !== undefined) {
      if (sockets.has(step.as)) problems.push(`${at}.as: socket "${step.as}" is already bound`);
      sockets.set(step.as, actorSide);
    }
  });

  problems.push(...checkAllocations(s));

  for (const [k, t] of (s.timing ?? []).entries()) {
    if (!ids.has(t.at)) problems.push(`timing[${k}].at: no step with id "${t.at}"`);
    if (t.from !== undefined && !ids.has(t.from)) problems.push(`timing[${k}].from: no step with id "${t.from}"`);
  }
  for (const a of Object.keys(s.messages ?? {}))
    if (!actors.has(a)) problems.push(`messages.${a}: no actor "${a}"`);
  return problems;

  function checkTerm(t: TermIn, where: string, stepSide: 'subject' | 'peer'): void {
    if (Array.isArray(t)) {
      if (isLiteralLocal(t))
        problems.push(`${where}: a literal {local, Path} creates a socket file wherever it points and leaves it behind; use the {"path": Name} placeholder, a per-run path the harness removes`);
      return t.forEach((x, i) => checkTerm(x, `${where}[${i}]`, stepSide));
    }
    if (t === null || typeof t !== 'object') return;
    if ('list' in t) {
      t.list.forEach((x, i) => checkTerm(x, `${where}.list[${i}]`, stepSide));
      if (t.tail !== undefined) checkTerm(t.tail, `${where}.tail`, stepSide);
    } else if ('sock' in t) {
      const s = sockets.get(t.sock);
      if (s === undefined) problems.push(`${where}.sock: no earlier step binds socket "${t.sock}" with "as"`);
      else if (s !== stepSide) problems.push(`${where}.sock: socket "${t.sock}" belongs to the ${s} side, the step runs on the ${stepSide} side`);
    } else if ('ref' in t) {
      const s = refs.get(t.ref);
      if (s === undefined) problems.push(`${where}.ref: no earlier monitor step binds reference "${t.ref}" with "as"`);
      else if (s !== stepSide) problems.push(`${where}.ref: reference "${t.ref}" belongs to the ${s} side, the step runs on the ${stepSide} side`);
    } else if ('pid' in t) {
      const a = side(t.pid);
      if (a === undefined) problems.push(`${where}.pid: no actor "${t.pid}"`);
      else if (a !== stepSide) problems.push(`${where}.pid: actor "${t.pid}" is on the ${a} side, the step runs on the ${stepSide} side`);
    } else if ('portOf' in t) {
      if (!sockets.has(t.portOf)) problems.push(`${where}.portOf: no earlier step binds socket "${t.portOf}"`);
    } else if ('map' in t) {
      t.map.forEach(([k, v], i) => (checkTerm(k, `${where}.map[${i}][0]`, stepSide), checkTerm(v, `${where}.map[${i}][1]`, stepSide)));
    }
  }
}
