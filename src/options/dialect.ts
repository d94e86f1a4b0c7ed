/**
 * How a backend applies an option list once prim_inet's type checks passed:
 * inet_drv's way (src/backend/inet_options.ts) or gen_tcp_socket's
 * (src/backend/socket_options.ts). Release differences within a backend stay
 * in the profile's `options` rules.
 */
import type { OptionRules } from '../profile/profiles.js';
import type { KernelOption } from './kernel.js';
import type { SocketOptions } from './types.js';

/** A value refused on the way: the list ends there. */
export interface Refusal {
  error: unknown;
}

/** What applying one list needs to know and tells back. */
export interface Apply {
  rules: OptionRules;
  dialect: OptionDialect;
  /** While making the socket (active is set, not added to). */
  creating: boolean;
  /** buffer came earlier in this list (socket 27+: recbuf then sets it). */
  bufferInList: boolean;
  /** The socket went passive through active: a {tcp_passive, S} is due. */
  passive: boolean;
  /** The kernel takes the option (a socket with an fd); its refusal, if any. */
  kernel?: (name: KernelOption, value: unknown) => string | undefined;
}

/** A refusal of setopts, and whether it came before anything was applied (the options stay as they were). */
export interface SetoptsRefusal extends Refusal {
  untouched: boolean;
}

export interface OptionDialect {
  /** The packet type a socket starts with, and {packet, raw} as stored: 0 or raw. */
  readonly rawPacket: 0 | 'raw';
  /** The packet_size a socket starts with. */
  readonly packetSize: number;
  /** Names getopts refuses with {error, einval} although setopts knows them. */
  readonly unreadable: readonly string[];
  /** setopts with something that is no list: the exception the backend's code raises. */
  nonList(list: unknown): Error;
  /** listen/connect: the socket options of a checked list (name, value; in the list's order) into `opts`. */
  create(items: Array<[string, unknown]>, opts: SocketOptions, a: Apply): Refusal | undefined;
  /** setopts: a list's items into `next`, a copy of the current options. */
  set(items: Array<[string, unknown]>, next: SocketOptions, a: Apply): SetoptsRefusal | undefined;
  /** What the kernel's refusal of an option (its posix name) makes of the call: a refusal, or undefined to go on. */
  kernelRefusal(name: KernelOption, refused: string): Refusal | undefined;
}
