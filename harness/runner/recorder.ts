/** Collects what actors receive while a run goes on, and answers `await` steps. */
import { Names } from '../compare/naming.js';
import { ErlMap, List, Named, termKey, type Term } from '../term/term.js';
import type { UntilCond } from '../scenario/schema.js';
import type { ExitRecord, MessageRecord } from './trace.js';

export class Recorder {
  readonly messages: MessageRecord[] = [];
  readonly exits: ExitRecord[] = [];
  readonly faults: string[] = [];
  private closed = false;
  private readonly cursors = new Map<string, number>();
  private readonly wakers = new Set<() => void>();

  constructor(private readonly names: Names) {}

  message(actor: string, t: number, msg: Term): void {
    if (this.closed) return;
    this.messages.push({ actor, t, msg });
    this.wake();
  }

  exit(actor: string, t: number, reason: Term): void {
    if (this.closed) return;
    this.exits.push({ actor, t, reason });
    this.wake();
  }

  fault(message: string): void {
    if (!this.faults.includes(message)) this.faults.push(message);
    this.wake();
  }

  /** Something else changed (a socket got its name): conditions may hold now. */
  wake(): void {
    for (const w of [...this.wakers]) w();
  }

  /** Stops recording; what arrives afterwards belongs to the run's teardown. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Waits until `actor` has received messages satisfying `until`, or `timeoutMs` pass. */
  await(actor: string, until: UntilCond, pattern: Term | undefined, timeoutMs: number, since: 'start' | 'last'): Promise<'ok' | 'timeout'> {
    const from = since === 'start' ? 0 : (this.cursors.get(actor) ?? 0);
    return new Promise((resolve) => {
      const check = (): void => {
        const own = this.messages.filter((m) => m.actor === actor);
        const hit = findSatisfying(own.slice(from), until, pattern, this.names);
        if (hit !== undefined) {
          this.cursors.set(actor, from + hit + 1);
          finish('ok');
        } else if (this.faults.length > 0 || this.closed) finish('timeout');
      };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const finish = (r: 'ok' | 'timeout'): void => {
        clearTimeout(timer);
        this.wakers.delete(check);
        resolve(r);
      };
      this.wakers.add(check);
      check();
    });
  }
}

/** The index of the message at which `until` first holds, if it does. */
function findSatisfying(msgs: MessageRecord[], until: UntilCond, pattern: Term | undefined, names: Names): number | undefined {
  if ('count' in until) return msgs.length >= until.count ? until.count - 1 : undefined;
  if ('bytes' in until) {
    let got = 0;
    for (const [i, m] of msgs.entries()) {
      const named = names.name(m.msg);
      if (Array.isArray(named) && named[0] === 'tcp' && named[1] instanceof Named && named[1].name === until.socket) {
        got += dataSize(named[2]!);
        if (got >= until.bytes) return i;
      }
    }
    return undefined;
  }
  const i = msgs.findIndex((m) => pattern !== undefined && matches(pattern, names.name(m.msg)));
  return i >= 0 ? i : undefined;
}

function dataSize(d: Term): number {
  if (Buffer.isBuffer(d)) return d.length;
  if (d instanceof List) return d.items.length;
  return 0;
}

/** Erlang-style match: the atom '_' matches anything. */
export function matches(pattern: Term, t: Term): boolean {
  if (pattern === '_') return true;
  if (Array.isArray(pattern)) return Array.isArray(t) && t.length === pattern.length && pattern.every((p, i) => matches(p, t[i]!));
  if (pattern instanceof List) {
    if (!(t instanceof List) || t.items.length !== pattern.items.length) return false;
    if (!pattern.items.every((p, i) => matches(p, t.items[i]!))) return false;
    return pattern.tail === null ? t.tail === null : t.tail !== null && matches(pattern.tail, t.tail);
  }
  if (pattern instanceof ErlMap) return termKey(pattern) === termKey(t);
  return termKey(pattern) === termKey(t);
}
