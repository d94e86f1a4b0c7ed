/** Listening through the native addon, so connections wait in the kernel's backlog until accepted. */
import type { ConnectionSource } from './listener.js';

export interface ListenWhere {
  family: 'inet' | 'inet6' | 'local';
  host?: string;
  port: number;
  path?: string;
  backlog: number;
  reuseaddr: boolean;
}

/** A native listening source, or undefined when the addon is not available (the caller falls back). */
export async function nativeSource(_where: ListenWhere): Promise<ConnectionSource | ['error', string] | undefined> {
  return undefined;
}
