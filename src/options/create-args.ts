/** What listen and connect read from an option list besides the options: the family, the port, the bind address. */
import { tupleFamily } from '../address.js';
import { isIpAddress } from './parse.js';
import type { Option } from './types.js';

export type Family = 'inet' | 'inet6' | 'local';

/**
 * The family gen_tcp picks (gen_tcp:mod/2): the first inet, inet6 or local
 * option; else that of the last {ip,..}/{ifaddr,..} address; else the Address's
 * (an 8-tuple is IPv6, {local, Path} unix-domain).
 */
export function familyOf(opts: readonly unknown[], address: unknown): Family {
  let a = address;
  for (const o of opts) {
    if (o === 'inet' || o === 'inet6' || o === 'local') return o;
    if (Array.isArray(o) && o.length === 2 && (o[0] === 'ip' || o[0] === 'ifaddr')) a = o[1];
  }
  if (Array.isArray(a) && a.length === 2 && a[0] === 'local') return 'local';
  return tupleFamily(a) === 'inet6' ? 'inet6' : 'inet';
}

/** The last {port, P} option: it overrides the Port argument of listen, and binds connect's local end. */
export function lastPortOption(opts: readonly unknown[]): number | undefined {
  let p: number | undefined;
  for (const o of opts) if (Array.isArray(o) && o.length === 2 && o[0] === 'port' && typeof o[1] === 'number') p = o[1];
  return p;
}

const isIpOption = (o: unknown): o is [string, unknown] => Array.isArray(o) && o.length === 2 && (o[0] === 'ip' || o[0] === 'ifaddr');

/** Whether an {ip,..}/{ifaddr,..} value is an address the socket can bind in `family`. */
function ipFits(v: unknown, family: Family): boolean {
  if (v === 'any' || v === 'loopback') return family !== 'local';
  if (Array.isArray(v) && v.length === 2 && v[0] === 'local') return family === 'local';
  return isIpAddress(v) && tupleFamily(v) === family;
}

/** The {ip,..}/{ifaddr,..} options whose address is malformed or of another family. */
export function misfitIps(opts: readonly unknown[], family: Family): Array<[string, unknown]> {
  return opts.filter((o) => isIpOption(o) && !ipFits(o[1], family)) as Array<[string, unknown]>;
}

/** The list without its {ip,..}/{ifaddr,..} options. */
export const withoutIps = (opts: Option[]): Option[] => opts.filter((o) => !isIpOption(o));

/** {local, Path} as connect takes it. */
export const isLocalAddress = (a: unknown): a is ['local', string | Buffer] => Array.isArray(a) && a[0] === 'local';
