/**
 * replay.json: what a repro bundle's two replays (erlang/src/gentcp_replay.erl and
 * harness/runner/standalone/replay.mjs) run. It is the scenario with everything the runner works out
 * written in: each step's budget (harness/scenario/budgets.ts), the name a socket step
 * binds, where listen/connect options take {inet_backend, B}, the defaults of await and
 * join, the fill pattern. So the replays keep no constant and no table of ops of their own.
 */
import { DEFAULT_SCENARIO_BUDGET_MS, DEFAULT_SETTLE_MS, DEFAULT_STEP_BUDGET_MS, timeoutBudget } from '../scenario/budgets.js';
import { ACTOR_OPS, argTimeout, makesSocket, type ActorOp } from '../scenario/ops.js';
import { actorOf, type ActorStep, type Backend, type Scenario, type Step } from '../scenario/schema.js';
import { FILL_ALPHABET } from '../runner/resolve.js';
import { usedPaths } from '../runner/run.js';
import type { Plan as ReplayPlan, PlanStep } from '../runner/standalone/replay.mjs';

export type { Plan as ReplayPlan, PlanCall, PlanStep } from '../runner/standalone/replay.mjs';

export function replayPlan(s: Scenario, o: { otp: string; erlangBackend: Backend; tsBackend: Backend }): ReplayPlan {
  return {
    scenario: s.id,
    otp: o.otp,
    erlangBackend: o.erlangBackend,
    tsBackend: o.tsBackend,
    peerBackend: s.peerBackend ?? 'inet',
    ...(s.kernel ? { kernel: s.kernel } : {}),
    budgetMs: s.budgetMs ?? DEFAULT_SCENARIO_BUDGET_MS,
    settleMs: s.settleMs ?? DEFAULT_SETTLE_MS,
    fillPattern: FILL_ALPHABET,
    actors: Object.entries(s.actors).map(([name, a]) => ({ name, side: a.side, start: a.start ?? 'run' })),
    paths: usedPaths(s),
    steps: s.steps.map((step, i) => planStep(s, step, i)),
  };
}

function planStep(s: Scenario, step: Step, i: number): PlanStep {
  switch (step.op) {
    case 'spawn':
      return { op: step.op, actor: step.actor };
    case 'kill':
      return { op: step.op, actor: step.actor, reason: step.reason };
    case 'wait':
      return { op: step.op, ms: step.ms };
    case 'await':
      return { op: step.op, actor: step.actor, until: step.until, timeout: step.timeout, since: step.since ?? 'last' };
    case 'join':
      return { op: step.op, ids: step.ids, timeout: step.timeout ?? DEFAULT_STEP_BUDGET_MS };
    default: {
      const op = ACTOR_OPS[step.op] as ActorOp;
      const as = bindName(step, i);
      return {
        op: step.op,
        actor: step.actor,
        side: actorOf(s, step.actor)!.side,
        args: step.args,
        ...(as === undefined ? {} : { as }),
        ...(step.nowait ? { nowait: step.id! } : { budgetMs: step.budgetMs ?? timeoutBudget(argTimeout(op, step.args)) }),
        ...(op.optsAt !== undefined && op.socketAt === undefined ? { backendAt: op.optsAt } : {}),
      };
    }
  }
}

/** The name a step binds its socket to: `as`, or listenN/connectN/acceptN as the runner names them. */
function bindName(step: ActorStep, index: number): string | undefined {
  return step.as ?? (makesSocket(step.op) ? `${step.op}${index}` : undefined);
}

/** replay.json's text: a step a line, and ASCII (every other character escaped, as the Erlang side reads it). */
export function planJson(p: ReplayPlan): string {
  const { steps, ...rest } = p;
  const text = `${JSON.stringify(rest).slice(0, -1)},\n"steps":[\n${steps.map((x) => JSON.stringify(x)).join(',\n')}\n]}\n`;
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
