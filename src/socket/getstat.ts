/** inet:getstat on a socket: its counters, under the names and rules of the profile. */
import { ErlangExit } from '../erlang/errors.js';
import type { Reason } from '../erlang/reasons.js';
import type { AnySocket } from './kinds.js';

/** Every name inet:getstat/2 knows, in getstat/1's order. */
const STATS = ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg', 'recv_dvi', 'send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend'] as const;

const NO_STATS = { recv_oct: 0, recv_cnt: 0, recv_max: 0, send_oct: 0, send_cnt: 0, send_max: 0 };

/**
 * The counters of an open socket. A name the release does not know is
 * einval (inet), dropped (socket 27+), or crashes the socket's process (socket 25).
 */
export function getstatOf(sock: AnySocket, names: readonly string[] | undefined): ['ok', Array<[string, number]>] | ['error', Reason] {
  const profile = sock.profile;
  const s = sock.kind === 'stream' ? sock.stats : NO_STATS;
  const avg = (oct: number, cnt: number): number => (cnt ? Math.floor(oct / cnt) : 0);
  const value = (n: string): number => {
    switch (n) {
      case 'recv_avg':
        return avg(s.recv_oct, s.recv_cnt);
      case 'send_avg':
        return avg(s.send_oct, s.send_cnt);
      case 'recv_max':
        return profile.getstatMaxIsAvg ? avg(s.recv_oct, s.recv_cnt) : s.recv_max;
      case 'send_max':
        return profile.getstatMaxIsAvg ? avg(s.send_oct, s.send_cnt) : s.send_max;
      case 'recv_dvi':
        return 0;
      case 'send_pend':
        if (sock.kind !== 'stream') return 0;
        // Sends gathered in this tick would already be in the kernel under inet_drv.
        sock.transport.flush();
        return sock.transport.queued;
      default:
        return (s as unknown as Record<string, number>)[n]!;
    }
  };
  const out: Array<[string, number]> = [];
  for (const n of names ?? profile.getstatNames) {
    if (!(STATS as readonly unknown[]).includes(n)) {
      if (profile.getstatUnknown === 'skip') continue;
      if (profile.getstatUnknown === 'einval') return ['error', 'einval'];
      // gen_tcp_socket's getstat_what has no clause for it: the socket's process dies, the call exits.
      sock.closeNow();
      throw new ErlangExit([['case_clause', n], []]);
    }
    if (!profile.getstatNames.includes(n)) continue;
    out.push([n, value(n)]);
  }
  return ['ok', out];
}
