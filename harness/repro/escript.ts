/**
 * repro.escript: a scenario as straight-line Erlang with plain gen_tcp/inet,
 * one line per step, followed by the fixed helper block (escript-helpers.ts).
 */
import { DEFAULT_SCENARIO_BUDGET_MS, DEFAULT_SETTLE_MS, DEFAULT_STEP_BUDGET_MS, timeoutBudget } from '../scenario/budgets.js';
import { notInRepro } from './supported.js';
import { ACTOR_OPS, argTimeout, type ActorOp } from '../scenario/ops.js';
import { actorOf } from '../scenario/schema.js';
import type { ActorStep, Backend, Scenario, Step, TermIn } from '../scenario/schema.js';
import { ESCRIPT_HELPERS } from './escript-helpers.js';
import { erlAtom, erlOptsWithBackend, erlString, erlTerm } from './literals.js';

export interface EscriptOptions {
  /** The default backend of subject sockets (the reference's); the script's argument overrides it. */
  backend: Backend;
  /** The OTP release the case was recorded against (the script only notes a mismatch). */
  otp: string;
  /** A line or two on where this came from, for the header comment. */
  origin?: string[];
}


/** The Erlang call an actor step makes; `B` is the subject backend variable. */
function erlCall(s: Scenario, step: ActorStep): string {
  const side = actorOf(s, step.actor)!.side;
  const backend = side === 'subject' ? 'B' : (s.peerBackend ?? 'inet');
  const op = ACTOR_OPS[step.op] as ActorOp;
  const a = step.args.map((x, i) => (op.optsAt === i && op.socketAt === undefined ? erlOptsWithBackend(x, backend) : erlTerm(x)));
  const call = (f: string): string => `${f}(${a.join(', ')})`;
  switch (step.op) {
    case 'listen':
    case 'connect':
    case 'accept':
    case 'send':
    case 'recv':
    case 'close':
    case 'shutdown':
    case 'controlling_process':
      return call(`gen_tcp:${step.op}`);
    case 'setopts':
    case 'getopts':
    case 'port':
    case 'peername':
    case 'sockname':
    case 'getstat':
      return call(`inet:${step.op}`);
    case 'decode_packet':
      return call('erlang:decode_packet');
    case 'send_splits':
    case 'reset':
    case 'half_close':
    case 'stop_reading':
    case 'fill':
    case 'flush':
      return call(step.op);
    case 'sleep':
      return call('timer:sleep');
    case 'exit':
      return call('actor_exit');
    case 'receive':
      return call('receive_any');    case 'send_until_error':
    case 'recv_until_closed':
    case 'rearm_active':
      throw notInRepro(step.op);
  }
}

/** The step's budget as the runner computes it (a timeout argument plus a margin, else 5 s). */
export function stepBudget(step: ActorStep): number {
  if (step.budgetMs !== undefined) return step.budgetMs;
  const op = ACTOR_OPS[step.op] as ActorOp;
  return timeoutBudget(argTimeout(op, step.args));
}

/** The name a step binds its socket to: `as`, or listenN/connectN/acceptN as the runner names them. */
export function bindName(step: ActorStep, index: number): string | undefined {
  return step.as ?? (['listen', 'connect', 'accept'].includes(step.op) ? `${step.op}${index}` : undefined);
}

function untilTerm(u: Extract<Step, { op: 'await' }>['until']): string {
  if ('message' in u) return `{message, ${erlTerm(u.message, 'pattern')}}`;
  if ('count' in u) return `{count, ${u.count}}`;
  if ('exited' in u) return 'exited';
  return `{bytes, ${u.bytes}, ${erlAtom(u.socket)}}`;
}

function stepLine(s: Scenario, step: Step, i: number): string {
  switch (step.op) {
    case 'spawn':
      return `spawn_actor(${i}, ${erlAtom(step.actor)})`;
    case 'kill':
      return `kill(${i}, ${erlAtom(step.actor)}, ${erlTerm(step.reason)})`;
    case 'wait':
      return `wait(${i}, ${step.ms})`;
    case 'await':
      return `await(${i}, ${erlAtom(step.actor)}, ${untilTerm(step.until)}, ${step.timeout}, ${step.since ?? 'last'})`;
    case 'join':
      return `join(${i}, [${step.ids.map(erlAtom).join(', ')}], ${step.timeout ?? DEFAULT_STEP_BUDGET_MS})`;
    default: {
      const fun = `fun() -> ${erlCall(s, step)} end`;
      const as = bindName(step, i);
      const asTerm = as === undefined ? 'none' : erlAtom(as);
      if (step.nowait) return `nowait(${i}, ${erlAtom(step.id!)}, ${erlAtom(step.actor)}, ${fun}, ${asTerm})`;
      const budget = stepBudget(step);
      if (budget !== DEFAULT_STEP_BUDGET_MS) return `step(${i}, ${erlAtom(step.actor)}, ${fun}, ${asTerm}, ${budget})`;
      return as === undefined ? `step(${i}, ${erlAtom(step.actor)}, ${fun})` : `step(${i}, ${erlAtom(step.actor)}, ${fun}, ${asTerm})`;
    }
  }
}

const comment = (text: string, indent = ''): string[] => text.split('\n').map((l) => `${indent}%% ${l}`.trimEnd());

export function generateEscript(s: Scenario, o: EscriptOptions): string {
  const portSteps = s.steps.flatMap((st, i) => (st.op === 'port' ? [i] : []));
  const conf = [
    `scenario => <<${erlString(s.id)}>>`,
    `otp => ${erlString(o.otp)}`,
    `backend => ${o.backend}`,
    `settle => ${s.settleMs ?? DEFAULT_SETTLE_MS}`,
    `budget => ${s.budgetMs ?? DEFAULT_SCENARIO_BUDGET_MS}`,
    `port_steps => [${portSteps.join(', ')}]`,
    `paths => [${usedPaths(s).map(erlAtom).join(', ')}]`,
  ];
  const out: string[] = [
    '#!/usr/bin/env escript',
    '%% -*- erlang -*-',
    ...comment(`gentcp repro: ${s.id}\n  ${s.title}`),
    ...(o.origin ?? []).flatMap((l) => comment(l)),
    '%%',
    '%% The scenario with plain gen_tcp/inet (OTP 25+), no harness:',
    '%%     escript repro.escript [inet|socket]',
    `%% The argument is the backend of the subject's sockets (default ${o.backend}: the reference's);`,
    `%% peer sockets use ${s.peerBackend ?? 'inet'}. Each actor is a process of its own; the trace (each step's`,
    '%% result, each actor\'s socket messages, exits) is printed as JSON lines when the run ends.',
    '-mode(compile).',
    '-compile([nowarn_unused_function, nowarn_unused_vars]).',
    '',
    'main(Args) ->',
    `    B = start(Args, #{${conf.join(', ')}}),`,
  ];
  for (const [name, a] of Object.entries(s.actors)) if ((a.start ?? 'run') === 'run') out.push(`    actor(${erlAtom(name)}, ${a.side}),`);
  for (const [i, step] of s.steps.entries()) {
    if (step.note) out.push(...comment(step.note, '    '));
    out.push(`    ${stepLine(s, step, i)},`);
  }
  out.push('    finish().', '', ESCRIPT_HELPERS.trim(), '');
  return out.join('\n');
}

/** The {path, Name} placeholders a scenario uses (the scripts print where each went, so traces name them). */
export function usedPaths(s: Scenario): string[] {
  const names = new Set<string>();
  const walk = (t: TermIn): void => {
    if (Array.isArray(t)) t.forEach(walk);
    else if (t !== null && typeof t === 'object') {
      if ('path' in t) names.add(t.path);
      else if ('list' in t) {
        t.list.forEach(walk);
        if (t.tail !== undefined) walk(t.tail);
      } else if ('map' in t) t.map.forEach(([k, v]) => (walk(k), walk(v)));
    }
  };
  for (const step of s.steps) if ('args' in step) step.args.forEach(walk);
  return [...names];
}
