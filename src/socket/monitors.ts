/**
 * inet:monitor/1's bookkeeping: who watches which socket under which reference.
 * A socket's monitors fire once, when it goes (close/1, its owner's exit, or the
 * socket closing itself); a socket already gone answers the monitor at once.
 */
import { ErlangError } from '../erlang/errors.js';
import { make_ref, type Ref } from '../process/ref.js';
import type { Process } from '../process/process.js';
import type { TcpModule } from '../backend/module.js';
import type { Profile } from '../profile/profiles.js';

/** A socket as its monitors see it. */
interface Monitored {
  readonly closed: boolean;
  readonly module: TcpModule;
  readonly profile: Profile;
}

const watchers = new WeakMap<Monitored, Map<Ref, Process>>();
const socketOf = new Map<Ref, Monitored>();

/** {'DOWN', Ref, port | socket, Socket, Reason} to `p`. */
function down(p: Process, ref: Ref, sock: Monitored, reason: unknown): void {
  p.deliver(['DOWN', ref, sock.module.monitorType, sock, reason]);
}

/** A new monitor of `sock` by `p`; a socket already gone gets its DOWN at once (noproc or nosock). */
export function addMonitor(sock: Monitored, p: Process): Ref {
  const ref = make_ref();
  if (sock.closed) {
    down(p, ref, sock, sock.module.monitorGone);
    return ref;
  }
  let m = watchers.get(sock);
  if (!m) watchers.set(sock, (m = new Map()));
  m.set(ref, p);
  socketOf.set(ref, sock);
  return ref;
}

/** Drops the monitor `ref` made by `caller`; true if it was still active. Another process's monitor stays. */
export function cancelMonitor(ref: Ref, caller: Process): boolean {
  const sock = socketOf.get(ref);
  if (!sock) return false;
  if (watchers.get(sock)?.get(ref) !== caller) {
    if (sock.profile.cancelForeignMonitor === 'badarg') throw new ErlangError('badarg');
    return false;
  }
  socketOf.delete(ref);
  watchers.get(sock)?.delete(ref);
  return true;
}

/** The socket went: every monitor gets its DOWN, with `reason`, and is gone. */
export function socketDown(sock: Monitored, reason: unknown): void {
  const m = watchers.get(sock);
  if (!m) return;
  watchers.delete(sock);
  const all = [...m];
  if (sock.module.downOrder === 'newest-first') all.reverse();
  for (const [ref, p] of all) {
    socketOf.delete(ref);
    down(p, ref, sock, reason);
  }
}
