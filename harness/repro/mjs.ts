/**
 * repro.mjs: a scenario as straight-line JavaScript on gentcp's public API,
 * one line per step, followed by the fixed helper block (mjs-helpers.ts).
 * Both sides run on gentcp: subject sockets with the case's backend, peer
 * sockets with the scenario's peer backend (inet), emulating the case's OTP.
 */
import { DEFAULT_SCENARIO_BUDGET_MS, DEFAULT_SETTLE_MS, DEFAULT_STEP_BUDGET_MS } from '../scenario/budgets.js';
import { notInRepro } from './supported.js';
import { ACTOR_OPS, type ActorOp } from '../scenario/ops.js';
import { actorOf } from '../scenario/schema.js';
import type { ActorStep, Backend, Scenario, Step, TermIn } from '../scenario/schema.js';
import { bindName, stepBudget, usedPaths } from './escript.js';
import { jsIoData, jsString, jsTerm } from './literals.js';
import { MJS_HELPERS } from './mjs-helpers.js';

export interface MjsOptions {
  /** The default backend of subject sockets (the case subject's); the script's argument overrides it. */
  backend: Backend;
  /** The OTP release gentcp emulates (setEmulatedOtp). */
  otp: string;
  /** How the script imports gentcp by default: a path relative to the script, or a package name. */
  importPath: string;
  origin?: string[];
}


/** A JSON value as a JS literal: identifier keys unquoted, strings single-quoted. */
export function jsJson(v: unknown): string {
  if (typeof v === 'string') return jsString(v);
  if (Array.isArray(v)) return `[${v.map(jsJson).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : jsString(k)}: ${jsJson(x)}`)
      .join(', ')} }`;
  return JSON.stringify(v);
}

function optsWithBackend(t: TermIn, backend: string): string {
  if (t !== null && typeof t === 'object' && !Array.isArray(t)) {
    if ('list' in t && t.tail === undefined) return `[${[`['inet_backend', ${backend}]`, ...t.list.map(jsTerm)].join(', ')}]`;
    if ('str' in t) return `[${[`['inet_backend', ${backend}]`, ...[...Buffer.from(t.str, 'latin1')].map(String)].join(', ')}]`;
  }
  return jsTerm(t);
}

function jsCall(s: Scenario, step: ActorStep): string {
  const side = actorOf(s, step.actor)!.side;
  const backend = side === 'subject' ? 'B' : jsString(s.peerBackend ?? 'inet');
  const op = ACTOR_OPS[step.op] as ActorOp;
  const a = step.args.map((x, i) => (op.optsAt === i && op.socketAt === undefined ? optsWithBackend(x, backend) : jsTerm(x)));
  const call = (f: string, args: string[] = a): string => `${f}(${args.join(', ')})`;
  switch (step.op) {
    case 'listen':
    case 'connect':
    case 'accept':
    case 'recv':
    case 'close':
    case 'shutdown':
    case 'controlling_process':
      return call(`gen_tcp.${step.op}`);
    case 'send':
      return call('gen_tcp.send', [a[0]!, jsIoData(step.args[1]!)]);
    case 'setopts':
    case 'getopts':
    case 'port':
    case 'peername':
    case 'sockname':
    case 'getstat':
      return call(`inet.${step.op}`);
    case 'decode_packet':
      return call('decodePacket', step.args.map(jsJson));
    case 'send_splits':
      return call('sendSplits');
    case 'reset':
      return call('reset');
    case 'half_close':
      return call('halfClose');
    case 'stop_reading':
      return call('stopReading');
    case 'fill':
      return call('fillUp');
    case 'sleep':
      return call('sleepStep');
    case 'exit':
      return call('actorExit');
    case 'flush':
      return call('flush');
    case 'receive':
      return call('receiveAny');    case 'send_until_error':
    case 'recv_until_closed':
    case 'rearm_active':
      throw notInRepro(step.op);
  }
}

function stepLine(s: Scenario, step: Step, i: number): string {
  switch (step.op) {
    case 'spawn':
      return `await spawnActor(${i}, ${jsString(step.actor)});`;
    case 'kill':
      return `await kill(${i}, ${jsString(step.actor)}, ${jsTerm(step.reason)});`;
    case 'wait':
      return `await wait(${i}, ${step.ms});`;
    case 'await':
      return `await until(${i}, ${jsString(step.actor)}, ${jsJson(step.until)}, ${step.timeout}${step.since ? `, ${jsString(step.since)}` : ''});`;
    case 'join':
      return `await join(${i}, ${jsJson(step.ids)}, ${step.timeout ?? DEFAULT_STEP_BUDGET_MS});`;
    default: {
      const fn = `() => ${jsCall(s, step)}`;
      const as = bindName(step, i);
      const head = `${i}, ${step.nowait ? `${jsString(step.id!)}, ` : ''}${jsString(step.actor)}, ${jsString(step.op)}, ${fn}`;
      if (step.nowait) return `nowait(${head}${as ? `, ${jsString(as)}` : ''});`;
      const budget = stepBudget(step);
      if (budget !== DEFAULT_STEP_BUDGET_MS) return `await step(${head}, ${as ? jsString(as) : 'undefined'}, ${budget});`;
      return `await step(${head}${as ? `, ${jsString(as)}` : ''});`;
    }
  }
}

const comment = (text: string, indent = ''): string[] => text.split('\n').map((l) => `${indent}// ${l}`.trimEnd());

export function generateMjs(s: Scenario, o: MjsOptions): string {
  const out: string[] = [
    '#!/usr/bin/env node',
    ...comment(`gentcp repro: ${s.id}\n  ${s.title}`),
    ...(o.origin ?? []).flatMap((l) => comment(l)),
    '//',
    `// The scenario on gentcp alone: every actor is a gentcp process; subject sockets use the backend`,
    `// given as argument (default ${o.backend}), peer sockets ${s.peerBackend ?? 'inet'}; gentcp emulates OTP ${o.otp}. Run it:`,
    '//     node repro.mjs [inet|socket]                                  imports GENTCP below (a build: npm run build)',
    '//     GENTCP_MODULE=/path/to/gentcp/src/index.ts node --import tsx repro.mjs   a checkout\'s sources',
    '// The trace (each step\'s result, each actor\'s socket messages, exits) is printed as JSON lines when the run ends.',
    '',
    '/** Where gentcp comes from: a path relative to this file, an absolute path, or a package name. */',
    `const GENTCP = process.env.GENTCP_MODULE ?? ${jsString(o.importPath)};`,
    'const { gen_tcp, inet, spawn, self, receive, exit, is_process_alive, Pid, ProcessExited, ErlangError, ErlangExit, setEmulatedOtp, defaultOtp, decode_packet } =',
    "  await import(GENTCP.startsWith('.') ? new URL(GENTCP, import.meta.url).href : GENTCP.startsWith('/') ? (await import('node:url')).pathToFileURL(GENTCP).href : GENTCP);",
    '',
    `const SCENARIO = ${jsString(s.id)};`,
    `const OTP = ${jsString(o.otp)};`,
    `const PATHS = ${jsJson(usedPaths(s))};`,
    `const B = process.argv[2] ?? ${jsString(o.backend)};`,
    "if (B !== 'inet' && B !== 'socket') throw new Error('usage: node repro.mjs [inet|socket]');",
    '',
    'async function main() {',
    '  setEmulatedOtp(OTP);',
    `  run.budgetEnd = performance.now() + ${s.budgetMs ?? DEFAULT_SCENARIO_BUDGET_MS};`,
  ];
  for (const [name, a] of Object.entries(s.actors)) if ((a.start ?? 'run') === 'run') out.push(`  actor(${jsString(name)}, ${jsString(a.side)});`);
  for (const [i, step] of s.steps.entries()) {
    if (step.note) out.push(...comment(step.note, '  '));
    out.push(`  ${stepLine(s, step, i)}`);
  }
  out.push(`  await finish(${s.settleMs ?? DEFAULT_SETTLE_MS});`, '}', '', MJS_HELPERS.trim(), '', 'await main();', '');
  return out.join('\n');
}
