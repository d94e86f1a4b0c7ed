/** What every benchmarked Node implementation provides: the two ends of each workload. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Params, RunResult, Workload } from './params.js';

export interface ServerHandle {
  port: number;
  /** The server side's part of the result (receivers measure; echo servers give nothing). */
  done: Promise<Partial<RunResult>>;
  /** Ends a server that would otherwise run on (churn's acceptor). */
  stop(): Promise<void>;
}

export interface Impl {
  /** Listens on 127.0.0.1 (an ephemeral port) and serves one run of the workload. */
  server(w: Workload, p: Params): Promise<ServerHandle>;
  /** Connects to `port` and drives one run of the workload; `heap` tells what both threads hold (harness/bench/heap.ts). */
  client(w: Workload, p: Params, port: number, heap: () => Promise<number>): Promise<Partial<RunResult>>;
}

export type ImplName = 'gentcp-inet' | 'gentcp-socket' | 'net';
export const NODE_IMPLS: readonly ImplName[] = ['gentcp-inet', 'gentcp-socket', 'net'];

export const nowUs = (): number => performance.now() * 1000;

/** Resets the process's peak resident set (Linux: clear_refs 5), so VmHWM covers one run. */
export function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux, or not allowed: the peak covers the process's life.
  }
}

/** The process's peak resident set in bytes (VmHWM), or resourceUsage's maxRSS elsewhere. */
export function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // fall through
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** What a receiving end counts: messages (or reads), bytes, and the time from the first to the last. */
export class Tally {
  private n = 0;
  private bytes = 0;
  private first: number | undefined;
  private last: number | undefined;

  add(length: number): void {
    this.last = nowUs();
    this.first ??= this.last;
    this.n++;
    this.bytes += length;
  }

  result(): Partial<RunResult> {
    const { first, last } = this;
    return { count: this.n, bytes: this.bytes, us: first === undefined || last === undefined ? 1 : Math.max(1, Math.round(last - first)) };
  }
}
