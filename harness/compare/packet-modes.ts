/** Which sockets of a scenario only ever run in raw mode (packet 0 or raw). */
import { ACTOR_OPS, isActorOp, type ActorOp } from '../scenario/ops.js';
import type { Scenario, TermIn } from '../scenario/schema.js';

export function rawModeSockets(s: Scenario): Set<string> {
  const modes = new Map<string, Set<string>>();
  const note = (sock: string, mode: string | undefined): void => {
    const set = modes.get(sock) ?? new Set<string>();
    if (mode !== undefined) set.add(mode);
    modes.set(sock, set);
  };
  for (const step of s.steps) {
    if (!('args' in step)) continue;
    const op = isActorOp(step.op) ? (ACTOR_OPS[step.op] as ActorOp) : undefined;
    // listen and the connects: the option list is where the op keeps it.
    if (op?.makesSocket && op.optsAt !== undefined && op.socketAt === undefined && step.as) note(step.as, packetOption(step.args[op.optsAt]));
    if (step.op === 'accept' && step.as) {
      const l = sockName(step.args[0]);
      const inherited = l ? modes.get(l) : undefined;
      for (const m of inherited ?? []) note(step.as, m);
      note(step.as, undefined);
    }
    if (step.op === 'setopts') {
      const sock = sockName(step.args[0]);
      if (sock) note(sock, packetOption(step.args[1]));
    }
  }
  return new Set([...modes].filter(([, m]) => [...m].every((x) => x === '0' || x === 'raw')).map(([n]) => n));
}

function sockName(t: TermIn | undefined): string | undefined {
  return t !== null && typeof t === 'object' && 'sock' in t ? t.sock : undefined;
}

/** The packet mode an option list sets, if it sets one (the last one wins, as in inet). */
function packetOption(opts: TermIn | undefined): string | undefined {
  if (opts === null || typeof opts !== 'object' || !('list' in opts)) return undefined;
  let mode: string | undefined;
  for (const o of opts.list) if (Array.isArray(o) && o[0] === 'packet' && o.length === 2) mode = String(o[1]);
  return mode;
}
