/** Collects what actors receive while a run goes on, and answers `await` steps. */
import { Names } from '../compare/naming.js';
import { ErlMap, List, Named, termKey, type Term } from '../vocabulary/term.js';
import type { UntilCond } from '../scenario/schema.js';
import type { ExitRecord, MessageRecord } from '../vocabulary/trace.js';

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

  /** Waits until `actor` has received messages satisfying `until` (or has exited), or `timeoutMs` pass. */
  await(actor: string, until: UntilCond, pattern: Term | undefined, timeoutMs: number, since: 'start' | 'last'): Promise<'ok' | 'timeout'> {
    if ('exited' in until) return this.awaitExit(actor, timeoutMs);
    const from = since === 'start' ? 0 : (this.cursors.get(actor) ?? 0);
    // Scans each message once, however many arrive: bulk transfers bring thousands.
    let seen = 0;
    let scanned = 0;
    let bytes = 0;
    const satisfies = (msg: Term, nth: number): boolean => {
      if ('count' in until) return nth + 1 >= until.count;
      if ('bytes' in until) {
        const named = this.names.name(msg);
        if (Array.isArray(named) && named[0] === 'tcp' && named[1] instanceof Named && named[1].name === until.socket) bytes += dataSize(named[2]!);
        return bytes >= until.bytes;
      }
      return pattern !== undefined && matches(pattern, this.names.name(msg));
    };
    return this.waitFor(() => {
      for (; scanned < this.messages.length; scanned++) {
        const m = this.messages[scanned]!;
        if (m.actor !== actor) continue;
        // The step that names this socket has not answered yet: look again when it has.
        if (this.names.hasUnnamedSocket(m.msg)) break;
        const index = seen++;
        if (index < from) continue;
        if (satisfies(m.msg, index - from)) {
          this.cursors.set(actor, index + 1);
          return true;
        }
      }
      return false;
    }, timeoutMs);
  }

  /** Waits until `actor` has exited, or `timeoutMs` pass. */
  private awaitExit(actor: string, timeoutMs: number): Promise<'ok' | 'timeout'> {
    return this.waitFor(() => this.exits.some((e) => e.actor === actor), timeoutMs);
  }

  /** Runs `done` now and on every wake until it says true ('ok'), a fault or close, or `timeoutMs` ('timeout'). */
  private waitFor(done: () => boolean, timeoutMs: number): Promise<'ok' | 'timeout'> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (done()) finish('ok');
        else if (this.faults.length > 0 || this.closed) finish('timeout');
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
