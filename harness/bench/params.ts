/**
 * The benchmark's workloads: one table of sizes and bounds, shared by the Node
 * implementations (harness/bench/impl-*.ts) and the Erlang module
 * (erlang/src/gentcp_bench.erl), so every implementation runs the same thing.
 */

export type WorkloadName = 'pingpong' | 'stream64' | 'stream16k' | 'bulk' | 'churn' | 'recv' | 'stream64d' | 'idle';
export const WORKLOADS: readonly WorkloadName[] = ['pingpong', 'stream64', 'stream16k', 'bulk', 'churn', 'recv', 'stream64d', 'idle'];

/** The Erlang-side workload (gentcp_bench:workload/3) and its parameters. */
export type Kind = 'pingpong' | 'stream' | 'bulk' | 'churn' | 'recv' | 'idle';

export interface Params {
  /** pingpong, stream, churn: how long the sender/client keeps going (churn: a cap). */
  duration_ms?: number;
  /** Message payload bytes (pingpong, stream, churn). */
  size?: number;
  /** bulk, recv: bytes in all, written in `chunk`-byte sends. */
  bytes?: number;
  chunk?: number;
  /** stream: 1 sends with {delay_send, true} (net: corked until the tick ends). */
  delay_send?: number;
  /** churn: connections to make, and how many clients make them at once; idle: connections held open. */
  conns?: number;
  clients?: number;
  /** Hard bound on one run, after which it is abandoned. */
  cap_ms: number;
}

export interface Workload {
  name: WorkloadName;
  kind: Kind;
  title: string;
  /** What the figure is, and which direction is better. */
  metric: string;
  unit: string;
  setup: string;
  params: Params;
  warm: Params;
}

const MiB = 1024 * 1024;

export const RUNS = 5;

export const WORKLOAD_TABLE: Record<WorkloadName, Workload> = {
  pingpong: {
    name: 'pingpong',
    kind: 'pingpong',
    title: '1. ping-pong {packet,4} 64 B {active,once}',
    metric: 'round trips/s',
    unit: 'rt/s',
    setup: 'client sends 64 B and waits for the echo ({active,once} re-armed before each send); server echoes with {active,once}; nodelay on both',
    params: { duration_ms: 1000, size: 64, cap_ms: 20_000 },
    warm: { duration_ms: 300, size: 64, cap_ms: 20_000 },
  },
  stream64: {
    name: 'stream64',
    kind: 'stream',
    title: '2. one-way stream {packet,4} 64 B',
    metric: 'messages/s received',
    unit: 'msg/s',
    setup: 'client sends 64 B messages for 1 s (send per message, backpressure respected) then closes; server counts them with {active,true}, first to last message',
    params: { duration_ms: 1000, size: 64, cap_ms: 30_000 },
    warm: { duration_ms: 300, size: 64, cap_ms: 30_000 },
  },
  stream16k: {
    name: 'stream16k',
    kind: 'stream',
    title: '3. one-way stream {packet,4} 16 KiB',
    metric: 'MB/s received (10^6 B)',
    unit: 'MB/s',
    setup: 'as 2, with 16 KiB messages',
    params: { duration_ms: 1000, size: 16 * 1024, cap_ms: 30_000 },
    warm: { duration_ms: 300, size: 16 * 1024, cap_ms: 30_000 },
  },
  bulk: {
    name: 'bulk',
    kind: 'bulk',
    title: '4. raw bulk 256 MiB',
    metric: 'MB/s received (10^6 B)',
    unit: 'MB/s',
    setup: 'client sends 256 MiB {packet,raw} in 64 KiB sends then closes; server counts bytes with {active,true} (default buffer)',
    params: { bytes: 256 * MiB, chunk: 64 * 1024, cap_ms: 60_000 },
    warm: { bytes: 32 * MiB, chunk: 64 * 1024, cap_ms: 60_000 },
  },
  churn: {
    name: 'churn',
    kind: 'churn',
    title: '5. connection churn',
    metric: 'connections/s',
    unit: 'conn/s',
    setup: '4 client loops: connect, send one 64 B {packet,4} message, wait for the close, close; server: accept, a new process per connection recv(S,0) then close; 10,000 connections or 8 s',
    params: { conns: 10_000, clients: 4, duration_ms: 8000, size: 64, cap_ms: 30_000 },
    warm: { conns: 1000, clients: 4, duration_ms: 3000, size: 64, cap_ms: 30_000 },
  },
  stream64d: {
    name: 'stream64d',
    kind: 'stream',
    title: '7. one-way stream {packet,4} 64 B {delay_send,true}',
    metric: 'messages/s received',
    unit: 'msg/s',
    setup: 'as 2, the sender with {delay_send,true} (net: cork(), uncork() when the tick ends), where gathering small sends is the option\'s meaning',
    params: { duration_ms: 1000, size: 64, delay_send: 1, cap_ms: 30_000 },
    warm: { duration_ms: 300, size: 64, delay_send: 1, cap_ms: 30_000 },
  },
  idle: {
    name: 'idle',
    kind: 'idle',
    title: '8. 1,000 idle connections, one active at a time',
    metric: 'round trips/s',
    unit: 'rt/s',
    setup: '1,000 connections open ({packet,4}, nodelay), a process per accepted one echoing with {active,once}; the client does a 64 B round trip on each in turn; memory per connection is what the runtime holds (Node: both threads\' V8 heap in use and external memory after a full GC; Erlang: erlang:memory(total) after collecting every process), grown from before the first connect to after one round trip on each, both ends, divided by 1,000',
    params: { conns: 1000, duration_ms: 1000, size: 64, cap_ms: 30_000 },
    warm: { conns: 1000, duration_ms: 300, size: 64, cap_ms: 30_000 },
  },
  recv: {
    name: 'recv',
    kind: 'recv',
    title: '6. passive recv(S,0) loop',
    metric: 'MB/s received (10^6 B)',
    unit: 'MB/s',
    setup: 'client sends 256 MiB {packet,raw} in 64 KiB sends; server loops recv(S,0) with {active,false} until closed',
    params: { bytes: 256 * MiB, chunk: 64 * 1024, cap_ms: 60_000 },
    warm: { bytes: 32 * MiB, chunk: 64 * 1024, cap_ms: 60_000 },
  },
};

/** What one measured run reports (fields by workload). */
export interface RunResult {
  count?: number;
  bytes?: number;
  us: number;
  p50_us?: number;
  p99_us?: number;
  peak_rss?: number;
  sent?: number;
  /** idle: resident-set bytes per open connection (both ends). */
  conn_bytes?: number;
}

/** The figure of a run for its workload: higher is better. */
export function figure(w: Workload, r: RunResult): number {
  const secs = r.us / 1e6;
  switch (w.name) {
    case 'pingpong':
    case 'stream64':
    case 'stream64d':
    case 'idle':
    case 'churn':
      return (r.count ?? 0) / secs;
    default:
      return (r.bytes ?? 0) / 1e6 / secs;
  }
}

/** Percentile of sorted numbers (nearest rank), as gentcp_bench:pct/3 does. */
export function pct(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return sorted[Math.max(1, Math.min(n, Math.ceil((n * p) / 100))) - 1]!;
}
