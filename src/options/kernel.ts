/**
 * The options that live in the kernel (recbuf, sndbuf, tos, priority, linger,
 * nodelay, keepalive, reuseaddr): set and read on the socket's fd through the
 * native addon where there is one, emulated from the stored options otherwise
 * (a listen socket, whose fd the connection source keeps, or GENTCP_NATIVE=0).
 * The emulation follows Linux: SO_RCVBUF/SO_SNDBUF are doubled and floored,
 * IP_TOS loses its ECN bits, SO_LINGER {false, _} keeps the old seconds.
 */
import { readFileSync } from 'node:fs';
import { getNative } from '../native/index.js';
import type { SocketOptions } from './types.js';

export const KERNEL_OPTIONS = ['recbuf', 'sndbuf', 'tos', 'priority', 'linger', 'nodelay', 'keepalive', 'reuseaddr'] as const;
export type KernelOption = (typeof KERNEL_OPTIONS)[number];

export const isKernelOption = (name: string): name is KernelOption => (KERNEL_OPTIONS as readonly string[]).includes(name);

function sysctl(path: string, field: number, fallback: number): number {
  try {
    const v = Number(readFileSync(path, 'latin1').trim().split(/\s+/)[field]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  } catch {
    return fallback;
  }
}

let limits: { rmemMax: number; wmemMax: number; rmemDefault: number; wmemDefault: number; rmemCap: number } | undefined;
/** The kernel's buffer limits and defaults (Linux sysctls; Linux's defaults elsewhere). */
function kernelLimits(): NonNullable<typeof limits> {
  limits ??= {
    rmemMax: sysctl('/proc/sys/net/core/rmem_max', 0, 212992),
    wmemMax: sysctl('/proc/sys/net/core/wmem_max', 0, 212992),
    rmemDefault: sysctl('/proc/sys/net/ipv4/tcp_rmem', 1, 131072),
    wmemDefault: sysctl('/proc/sys/net/ipv4/tcp_wmem', 1, 16384),
    rmemCap: sysctl('/proc/sys/net/ipv4/tcp_rmem', 2, 6291456),
  };
  return limits;
}

const SOCK_MIN_RCVBUF = 2304;
const SOCK_MIN_SNDBUF = 4608;

/** SO_RCVBUF / SO_SNDBUF as the kernel reports a size asked for: capped at the sysctl maximum, doubled, floored. */
export function emulatedBuffer(which: 'recbuf' | 'sndbuf', asked: number | undefined, listening: boolean): number {
  const l = kernelLimits();
  if (asked === undefined) return which === 'recbuf' ? l.rmemDefault : listening ? l.wmemDefault : 4194304;
  const max = which === 'recbuf' ? l.rmemMax : l.wmemMax;
  // The kernel compares as u32: a negative size is huge, so the maximum.
  const v = asked < 0 || asked > max ? max : asked;
  return Math.max(which === 'recbuf' ? SOCK_MIN_RCVBUF : SOCK_MIN_SNDBUF, v * 2);
}

/** SO_RCVLOWAT as tcp_set_rcvlowat stores it: 0 is 1, negative or over the cap is the cap. */
export function emulatedRcvlowat(v: number, recbuf: number | undefined): number {
  const cap = recbuf === undefined ? kernelLimits().rmemCap >> 1 : emulatedBuffer('recbuf', recbuf, false) >> 1;
  if (v < 0 || v > cap) return cap;
  return v === 0 ? 1 : v;
}

/** IP_TOS as stored: one byte, the ECN bits cleared (TCP keeps its own). */
export const maskTos = (v: number): number => v & 0xfc;

/** The fd's option, as the kernel reports it; undefined when there is no fd, no addon, or the call fails. */
export function kernelGet(fd: number | undefined, name: KernelOption): unknown {
  const native = getNative();
  if (!native || fd === undefined) return undefined;
  const c = native.constants;
  try {
    switch (name) {
      case 'linger':
        return native.getLinger(fd);
      case 'recbuf':
        return native.getsockoptInt(fd, c.SOL_SOCKET, c.SO_RCVBUF);
      case 'sndbuf':
        return native.getsockoptInt(fd, c.SOL_SOCKET, c.SO_SNDBUF);
      case 'tos':
        return native.getsockoptInt(fd, c.IPPROTO_IP, c.IP_TOS);
      case 'priority':
        return native.getsockoptInt(fd, c.SOL_SOCKET, c.SO_PRIORITY);
      case 'nodelay':
        return native.getsockoptInt(fd, c.IPPROTO_TCP, c.TCP_NODELAY) !== 0;
      case 'keepalive':
        return native.getsockoptInt(fd, c.SOL_SOCKET, c.SO_KEEPALIVE) !== 0;
      case 'reuseaddr':
        return native.getsockoptInt(fd, c.SOL_SOCKET, c.SO_REUSEADDR) !== 0;
    }
  } catch {
    return undefined;
  }
}

/**
 * Sets the fd's option. Returns undefined when done (or when there is nothing
 * to set it on), else the posix name of the kernel's refusal.
 */
export function kernelSet(fd: number | undefined, name: KernelOption, value: unknown): string | undefined {
  const native = getNative();
  if (!native || fd === undefined) return undefined;
  const c = native.constants;
  const int = (level: number, opt: number, v: number): void => native.setsockoptInt(fd, level, opt, v | 0);
  try {
    switch (name) {
      case 'linger': {
        const [on, secs] = value as [boolean, number];
        native.setLinger(fd, on, secs);
        break;
      }
      case 'recbuf':
        int(c.SOL_SOCKET, c.SO_RCVBUF, value as number);
        break;
      case 'sndbuf':
        int(c.SOL_SOCKET, c.SO_SNDBUF, value as number);
        break;
      case 'tos': {
        // Linux resets SO_PRIORITY from IP_TOS; inet_drv and the socket NIF put the priority back.
        const priority = native.getsockoptInt(fd, c.SOL_SOCKET, c.SO_PRIORITY);
        int(c.IPPROTO_IP, c.IP_TOS, value as number);
        int(c.SOL_SOCKET, c.SO_PRIORITY, priority);
        break;
      }
      case 'priority':
        int(c.SOL_SOCKET, c.SO_PRIORITY, value as number);
        break;
      case 'nodelay':
        int(c.IPPROTO_TCP, c.TCP_NODELAY, value ? 1 : 0);
        break;
      case 'keepalive':
        int(c.SOL_SOCKET, c.SO_KEEPALIVE, value ? 1 : 0);
        break;
      case 'reuseaddr':
        int(c.SOL_SOCKET, c.SO_REUSEADDR, value ? 1 : 0);
        break;
    }
    return undefined;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && code.startsWith('E') ? code.toLowerCase() : 'einval';
  }
}

const synced = new WeakSet<object>();

/**
 * Gives a socket's fd the kernel options its option list holds (those given
 * to connect, or inherited from the listen socket by accept: the listen
 * socket's own fd is not reachable, so its values were emulated). Done once
 * per socket; later setopts go to the fd directly. `owner` is the socket.
 */
export function syncKernelOptions(owner: object, fd: number | undefined, o: SocketOptions, born?: KernelFlags): void {
  if (synced.has(owner) || fd === undefined || !getNative()) return;
  synced.add(owner);
  if (o.recbuf !== undefined) kernelSet(fd, 'recbuf', o.recbuf);
  if (o.sndbuf !== undefined) kernelSet(fd, 'sndbuf', o.sndbuf);
  if (typeof o.tos === 'number' && o.tos !== 0) kernelSet(fd, 'tos', o.tos);
  if (typeof o.priority === 'number' && o.priority !== 0) kernelSet(fd, 'priority', o.priority);
  const [on, secs] = Array.isArray(o.linger) ? o.linger : [false, 0];
  // {false, N} keeps N in the kernel: set it on first, then turn it off.
  if (secs !== 0 || on) kernelSet(fd, 'linger', [true, secs]);
  if (!on && secs !== 0) kernelSet(fd, 'linger', [false, 0]);
  // A flag the fd already has as wanted costs no setsockopt (three per connection otherwise).
  for (const flag of ['nodelay', 'keepalive', 'reuseaddr'] as const) if (typeof o[flag] === 'boolean' && born?.[flag] !== o[flag]) kernelSet(fd, flag, o[flag]);
}

/**
 * The flags a new fd has from the kernel, where its maker knows them (measured on
 * Linux): an accepted fd inherits the listener's (the addon's listener sets only
 * SO_REUSEADDR, as listen asked); a client fd has none of them, but libuv's bind
 * sets SO_REUSEADDR.
 */
export interface KernelFlags {
  nodelay: boolean;
  keepalive: boolean;
  reuseaddr: boolean;
}
