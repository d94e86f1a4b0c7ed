/** Senders waiting for a connection's output queue to shrink (a busy inet port, a blocked socket send). */
import type { Process } from '../process/process.js';
import { callerBound } from './base.js';

export const BUSY_POLL_MS = 5;

export class BusyWaiters {
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * Waits on behalf of `caller` until `done()` or `over()` (true), or `timeout` ms (false).
   * The queue is looked at on every wake() and, as libuv reports only whole writes, every few ms.
   */
  wait(caller: Process, done: () => boolean, over: () => boolean, timeout: number | 'infinity'): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return callerBound<boolean>(caller, (settle) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): void => {
        if (done() || over()) finish(true);
      };
      const finish = (ok: boolean): void => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(check);
        settle(ok);
      };
      this.waiters.add(check);
      this.poll();
      if (timeout !== 'infinity') timer = setTimeout(() => finish(false), timeout);
      return () => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(check);
      };
    });
  }

  /** Calls `cb` once `over()` holds, looked at on every wake() and poll; returns the way to stop watching. */
  watch(over: () => boolean, cb: () => void): () => void {
    const check = (): void => {
      if (!over()) return;
      this.waiters.delete(check);
      cb();
    };
    this.waiters.add(check);
    this.poll();
    return () => void this.waiters.delete(check);
  }

  /** Every waiter looks again. */
  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The socket closed: waiters look a last time, and the poll stops. */
  stop(): void {
    this.wake();
    if (this.timer) clearInterval(this.timer);
  }

  private poll(): void {
    if (this.timer || this.waiters.size === 0) return;
    this.timer = setInterval(() => {
      this.wake();
      if (this.waiters.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }, BUSY_POLL_MS);
  }
}
