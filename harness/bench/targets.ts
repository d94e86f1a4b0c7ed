/**
 * The benchmark's targets (issue 14), each a ratio of two cells of one run:
 * gentcp's figure over a reference's. A ratio with no target is printed for
 * information only. Rates are "at least"; p99 latency and peak RSS "at most".
 */
import type { WorkloadName } from './params.js';

export type Measure = 'rate' | 'p99' | 'peak_rss';

export interface Target {
  /** The ratio must be at least (rate) or at most (p99, peak_rss) this. */
  bound: number;
}

/**
 * The target of gentcp's profile `subject` (gentcp-inet, gentcp-socket) against
 * `against` (net, or erlang-<otp>-<backend> of the same backend) for `measure`.
 */
export function targetFor(workload: WorkloadName, subject: string, against: string, measure: Measure): Target | undefined {
  const erlang = /^erlang-(\d+)-(inet|socket)$/.exec(against);
  const otp = erlang?.[1];
  switch (workload) {
    case 'pingpong':
      // Both profiles: ≥ 0.9× net, ≥ 1.0× Erlang of the same backend on 25 and 27, p99 ≤ Erlang's.
      if (measure === 'rate' && against === 'net') return { bound: 0.9 };
      if (measure === 'rate' && (otp === '25' || otp === '27')) return { bound: 1.0 };
      if (measure === 'p99' && erlang) return { bound: 1.0 };
      return undefined;
    case 'stream64':
      // ≥ 1.0× OTP 25 inet and ≥ 0.95× net.
      if (measure !== 'rate') return undefined;
      if (against === 'net') return { bound: 0.95 };
      if (subject === 'gentcp-inet' && against === 'erlang-25-inet') return { bound: 1.0 };
      return undefined;
    case 'bulk':
    case 'recv':
      // The inet profile with default options: ≥ 0.7× net.
      return measure === 'rate' && subject === 'gentcp-inet' && against === 'net' ? { bound: 0.7 } : undefined;
    case 'churn':
      // Socket-profile churn ≥ 0.85× net; peak RSS ≤ 1.2× net for both profiles.
      if (measure === 'rate' && subject === 'gentcp-socket' && against === 'net') return { bound: 0.85 };
      if (measure === 'peak_rss' && against === 'net') return { bound: 1.2 };
      return undefined;
    default:
      return undefined;
  }
}

/** Whether `ratio` meets `t` for `measure`. */
export function meets(measure: Measure, ratio: number, t: Target): boolean {
  return measure === 'rate' ? ratio >= t.bound : ratio <= t.bound;
}
