/**
 * The kernel's default options (inet:connect_options/2 and listen_options/2): every connect
 * starts from `inet_default_connect_options`, every listen from `inet_default_listen_options`.
 * What the call gives wins over a default of the same name; `{active, _}` among the defaults is
 * ignored (a socket starts active). Measured on OTP 25, 27 and 29 (connect-listen.kernel-defaults).
 */
import { get_env } from '../application.js';
import { ErlangExit } from '../erlang/errors.js';
import type { Option } from './types.js';

/** How a backend takes the defaults: whether atoms among them count, and what a value that is no list does. */
export interface KernelDefaultsRule {
  /** inet applies atoms such as `binary` after the call's own options (so they win); the socket backend drops them. */
  atoms: 'last' | 'dropped';
  /** A default that is no option list: inet exits badarg at each call; the socket backend ignores it. */
  notAList: 'badarg' | 'ignored';
}

/** The names a call's own options set (an atom such as binary sets mode). */
function namesSet(opts: readonly Option[]): Set<string> {
  const names = new Set<string>();
  for (const o of opts) {
    if (Array.isArray(o) && typeof o[0] === 'string') names.add(o[0]);
    else if (o === 'binary' || o === 'list') names.add('mode');
  }
  return names;
}

/** The option list a connect or listen works with once the kernel's defaults are in. */
export function withKernelDefaults(call: 'connect' | 'listen', opts: Option[], rule: KernelDefaultsRule): Option[] {
  const set = get_env('kernel', call === 'connect' ? 'inet_default_connect_options' : 'inet_default_listen_options');
  if (set === 'undefined') return opts;
  const defaults = set[1];
  if (!Array.isArray(defaults)) {
    if (rule.notAList === 'badarg') throw new ErlangExit('badarg');
    return opts;
  }
  // {inet_backend, B} stays first: gen_tcp takes it off before the defaults come in.
  const head = Array.isArray(opts[0]) && opts[0][0] === 'inet_backend' ? opts.slice(0, 1) : [];
  const own = opts.slice(head.length);
  const given = namesSet(own);
  const tuples = defaults.filter((o): o is Option => Array.isArray(o) && o[0] !== 'active' && !given.has(o[0] as string));
  const atoms = rule.atoms === 'last' ? defaults.filter((o): o is Option => typeof o === 'string') : [];
  return [...head, ...tuples, ...own, ...atoms];
}
