/**
 * The subject-side loops of the ts executor, made of public gentcp calls only: the same
 * loops as erlang/src/gentcp_actor.erl (send_until_error, recv_until_closed, rearm_active),
 * so both sides return the same shapes and real Erlang's result is the oracle.
 */
import { gen_tcp, inet } from 'gentcp';
import type { Process } from 'gentcp/testing';

type Socket = Parameters<typeof gen_tcp.send>[0];

/** gen_tcp:send until it returns an error, at most `max` times: ['sent', Count, LastResult]. */
export async function sendUntilError(s: Socket, data: Parameters<typeof gen_tcp.send>[1], max: number): Promise<unknown> {
  for (let n = 0; n < max; n++) {
    const r = await gen_tcp.send(s, data);
    if (r !== 'ok') return ['sent', n, r];
  }
  return ['sent', max, 'limit'];
}

/** gen_tcp:recv(S, 0, Timeout) until it returns anything but {ok, Data}, at most `max` times: ['received', Bytes, LastResult]. */
export async function recvUntilClosed(s: Socket, timeout: number | 'infinity', max: number): Promise<unknown> {
  let bytes = 0;
  for (let n = 0; n < max; n++) {
    const r = await gen_tcp.recv(s as never, 0, timeout as never);
    if (!Array.isArray(r) || r[0] !== 'ok') return ['received', bytes, r];
    bytes += dataSize(r[1]);
  }
  return ['received', bytes, 'limit'];
}

/** Data bytes of a packet as Erlang counts them: a binary, a list-mode string, [H1..HN | Bin]; 0 for other packets (http). */
export function dataSize(d: unknown): number {
  if (Buffer.isBuffer(d)) return d.length;
  if (typeof d === 'string') return Buffer.byteLength(d, 'latin1');
  if (Array.isArray(d) && d.every((x, i) => typeof x === 'number' || (i === d.length - 1 && Buffer.isBuffer(x))))
    return d.reduce<number>((a, x) => a + (Buffer.isBuffer(x) ? x.length : 1), 0);
  return 0;
}

/** On each {tcp_passive, S}, inet:setopts(S, [{active, N}]), at most `times` times: ['rearmed', K, Last]. */
export async function rearmActive(p: Process, s: Socket, n: unknown, times: number, timeout: number): Promise<unknown> {
  for (let k = 0; ; k++) {
    const m = await p.receive((x) => Array.isArray(x) && x.length === 2 && x[0] === 'tcp_passive' && x[1] === s, timeout);
    if (m === undefined) return ['rearmed', k, 'timeout'];
    if (k >= times) return ['rearmed', k, 'limit'];
    const r = inet.setopts(s as never, [['active', n]] as never);
    if (r !== 'ok') return ['rearmed', k, r];
  }
}
