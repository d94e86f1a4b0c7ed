/**
 * The scenario format. Scenarios are data: this zod schema validates them and
 * is the source of fixtures/scenario.schema.json (npm run schema).
 */
import { z } from 'zod';
import { MAX_MS } from './budgets.js';
import { ID_PATTERN, ID_SHAPE } from '../vocabulary/ids.js';
import { BACKENDS } from '../vocabulary/subject.js';
import { ACTOR_OPS, RUNNER_OPS } from './ops.js';

/** Names that would reach Object.prototype when a name keys an object. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const reservedMessage = (n: string): string => `"${n}" is reserved (${[...RESERVED_NAMES].join(', ')} cannot name anything)`;

const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: 'a name is a letter followed by letters, digits, _ or -', abort: true })
  .refine((n) => !RESERVED_NAMES.has(n), { error: (i) => reservedMessage(String(i.input)) });
// Node's timers overflow above 2^31-1 ms (the delay becomes 1 ms), so no ms field may exceed it.
const ms = z.number().int().nonnegative().max(MAX_MS, `at most ${MAX_MS} ms (2^31-1, the longest timer Node can set)`);

/** The largest binary one {fill: N} may build, and all of a scenario's together (the harness holds them in memory). */
export const MAX_FILL_BYTES = 64 * 1024 * 1024;
export const MAX_TOTAL_FILL_BYTES = 256 * 1024 * 1024;

/** A term in its JSON form (see harness/term/json.ts), plus scenario placeholders. */
export type TermIn =
  | string
  | number
  | boolean
  | null
  | TermIn[]
  | { list: TermIn[]; tail?: TermIn }
  | { str: string }
  | { bin: string }
  | { float: number }
  | { int: string }
  | { map: Array<[TermIn, TermIn]> }
  | { sock: string }
  | { ref: string }
  | { pid: string }
  | { portOf: string }
  | { fill: number }
  | { path: string };

export const Term: z.ZodType<TermIn> = z.lazy(() =>
  z.union([
    z.string().describe('an atom'),
    z.number().int().describe('an integer'),
    z.boolean().describe('the atom true or false'),
    z.null().describe('the atom undefined'),
    z.array(Term).describe('a tuple'),
    z.strictObject({ list: z.array(Term), tail: Term.optional() }).describe('a list'),
    z.strictObject({ str: z.string() }).describe('a list of bytes (an Erlang string), one char per byte'),
    z.strictObject({ bin: z.string() }).describe('a binary, one char per byte'),
    z.strictObject({ float: z.number() }).describe('a float'),
    z.strictObject({ int: z.string().regex(/^-?\d+$/) }).describe('a big integer'),
    z.strictObject({ map: z.array(z.tuple([Term, Term])) }).describe('a map'),
    z.strictObject({ sock: name }).describe('the socket a step bound with `as`'),
    z.strictObject({ ref: name }).describe('the monitor reference a monitor step bound with `as`'),
    z.strictObject({ pid: name }).describe('the pid of an actor'),
    z.strictObject({ portOf: name }).describe('the local port number of a bound socket'),
    z
      .strictObject({ fill: z.number().int().min(0).max(MAX_FILL_BYTES, `at most ${MAX_FILL_BYTES} bytes (64 MiB) per fill`) })
      .describe('a binary of N bytes of a fixed pattern (at most 64 MiB; all of a scenario\'s fills together at most 256 MiB)'),
    z.strictObject({ path: name }).describe('a per-run unix socket path, as {local, Path}'),
  ]),
);

const common = {
  id: name.optional().describe('a label that join, timing and reports refer to'),
  note: z.string().optional(),
};

export const Backend = z.enum(BACKENDS);
export const Otp = z.enum(['25', '27', '29']);

/** A call that raised instead of returning: its class and reason. */
export const Raised = z.strictObject({
  raise: z.enum(['error', 'exit', 'throw']).describe('the class of the exception'),
  reason: Term.describe('its reason'),
});

/** What real Erlang returns for a step on some backends and releases: the reference trace is checked against it. */
export const StepExpect = z.strictObject({
  backends: z.array(Backend).min(1).optional().describe('the backends this result applies to (default: both)'),
  otp: z.array(Otp).min(1).optional().describe('the OTP releases this result applies to (default: all)'),
  result: z.union([Raised, Term]).describe('the result real Erlang returns there, or {raise, reason} for a call that raises'),
});

const actorOpNames = Object.keys(ACTOR_OPS) as [keyof typeof ACTOR_OPS, ...Array<keyof typeof ACTOR_OPS>];

export const ActorStep = z.strictObject({
  ...common,
  actor: name.describe('the process that makes the call'),
  op: z.enum(actorOpNames),
  args: z.array(Term).describe('the arguments, in the order of the Erlang function'),
  as: name.optional().describe('names the socket in an {ok, Socket} result, or the reference a monitor step returns'),
  nowait: z.boolean().optional().describe('start the call and go on; join collects it'),
  budgetMs: ms.optional().describe('how long the call may take before the run is an error'),
  observe: z.enum(['exact', 'shape']).optional().describe('shape: compare the result with binaries and integers blanked'),
  alts: z.array(Term).min(2).optional().describe('every result real Erlang itself shows for this step (seen with --repeat)'),
  altsWhere: z
    .strictObject({
      backends: z.array(Backend).min(1).optional().describe('the backends whose Erlang shows these alternatives (default: both)'),
      otp: z.array(Otp).min(1).optional().describe('the OTP releases whose Erlang shows them (default: all)'),
    })
    .optional()
    .describe('where real Erlang shows the alternatives; elsewhere the step compares exactly'),
  expect: z
    .array(StepExpect)
    .min(1)
    .optional()
    .describe("the step's result on the listed backends and OTP releases; the reference must return it there (a disagreement is a scenario fault), and the subject is compared with the reference as always"),
});

const Pattern = Term.describe('a term pattern; the atom "_" matches anything');

export const Until = z.union([
  z.strictObject({ message: Pattern }).describe('a message matching the pattern arrived'),
  z.strictObject({ count: z.number().int().positive() }).describe('this many messages arrived'),
  z.strictObject({ bytes: z.number().int().positive(), socket: name }).describe('this many data bytes arrived from the socket'),
  z.strictObject({ exited: z.literal(true) }).describe('the actor has exited (after an exit step, a kill, or on its own)'),
]);

export const SpawnStep = z.strictObject({ ...common, op: z.literal('spawn'), actor: name });
export const KillStep = z.strictObject({ ...common, op: z.literal('kill'), actor: name, reason: Term });
export const AwaitStep = z.strictObject({
  ...common,
  op: z.literal('await'),
  actor: name,
  until: Until,
  timeout: ms,
  since: z.enum(['start', 'last']).optional().describe('count messages from the run start, or (default) from this actor\'s previous await'),
});
export const JoinStep = z.strictObject({ ...common, op: z.literal('join'), ids: z.array(name).min(1), timeout: ms.optional() });
export const WaitStep = z.strictObject({ ...common, op: z.literal('wait'), ms });

export const Step = z.discriminatedUnion('op', [ActorStep, SpawnStep, KillStep, AwaitStep, JoinStep, WaitStep]);

export const Actor = z.strictObject({
  side: z.enum(['subject', 'peer']).describe('subject: the implementation under test; peer: always real Erlang'),
  start: z.enum(['run', 'spawn']).optional().describe('run (default): alive from the start; spawn: started by a spawn step'),
});

export const Timing = z.strictObject({
  at: name.describe('the step whose end is timed'),
  from: name.optional().describe('measure from the end of this step (default: the start of `at`)'),
  ms: ms,
  tol: ms,
});

export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(ID_PATTERN, ID_SHAPE),
  title: z.string().min(1),
  spec: z.strictObject({
    section: z.string().min(1).describe('where in the gen_tcp/inet reference this is specified'),
    quote: z.string().min(1).describe('the sentence of the spec under test, verbatim; […] marks a cut between passages'),
    source: z
      .string()
      .min(1)
      .optional()
      .describe('where the quote comes from when it is not a reference page in fixtures/spec/ (it is then not checked against them), and why'),
  }),
  rationale: z.string().min(1).describe('the requirement, in one line'),
  actors: z.record(name, Actor),
  steps: z.array(Step).min(1),
  timing: z.array(Timing).optional(),
  only: z
    .strictObject({ backends: z.array(Backend).optional(), otp: z.array(Otp).optional() })
    .optional()
    .describe('where the scenario applies; elsewhere it is unsupported'),
  peerBackend: Backend.optional().describe('the backend of peer sockets (default inet)'),
  kernel: z
    .strictObject({
      inet_default_connect_options: Term.optional().describe('the options every connect starts from (usually a list)'),
      inet_default_listen_options: Term.optional().describe('the options every listen starts from (usually a list)'),
    })
    .optional()
    .describe("the kernel application's default socket options for the run, on the reference node and the subject alike (such a case runs alone: they apply to every socket made meanwhile)"),
  messages: z.record(name, z.enum(['exact', 'shape', 'ignore'])).optional().describe('how each actor mailbox is compared'),
  budgetMs: ms.optional(),
  settleMs: ms.optional().describe('how long to keep recording messages after the last step (default 100)'),
});

export type Scenario = z.infer<typeof Scenario>;
export type Step = z.infer<typeof Step>;
export type ActorStep = z.infer<typeof ActorStep>;
export type AwaitStep = z.infer<typeof AwaitStep>;
export type UntilCond = z.infer<typeof Until>;
export type Timing = z.infer<typeof Timing>;
export type Backend = z.infer<typeof Backend>;
export type Otp = z.infer<typeof Otp>;
export type StepExpect = z.infer<typeof StepExpect>;
export type Raised = z.infer<typeof Raised>;

export const RUNNER_OP_DOCS = RUNNER_OPS;

/** The declared actor of that name, never an inherited property. */
export function actorOf(s: Pick<Scenario, 'actors'>, actor: string): z.infer<typeof Actor> | undefined {
  return Object.hasOwn(s.actors, actor) ? s.actors[actor] : undefined;
}

/** Keys of the `actors` and `messages` records that zod would drop or turn into a prototype. */
export function reservedKeys(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return [];
  const problems: string[] = [];
  for (const field of ['actors', 'messages']) {
    const rec: unknown = Object.hasOwn(data, field) ? (data as Record<string, unknown>)[field] : undefined;
    if (rec === null || typeof rec !== 'object') continue;
    for (const k of Object.keys(rec)) if (RESERVED_NAMES.has(k)) problems.push(`${field}.${k}: ${reservedMessage(k)}`);
  }
  return problems;
}
