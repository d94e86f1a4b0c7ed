/**
 * A JS object where gen_tcp wants an option list ({ active: false } for
 * [['active', false]]): the usual slip from Node's APIs. Erlang has no such
 * value, so gentcp refuses it as a bad option, naming what it got.
 */
import { ErlangExit } from '../erlang/errors.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '...');

/** Exits badarg when `opts` is a plain object: options as [['name', value]] (`kind` 'options'), names as ['name'] ('names'). */
export function refuseObjectOptions(opts: unknown, kind: 'options' | 'names'): void {
  if (!isPlainObject(opts)) return;
  const keys = Object.keys(opts);
  const first = keys[0] ?? 'active';
  const like = kind === 'options' ? `[['${first}', ${keys.length ? show(opts[first]) : 'false'}]]` : `['${first}']`;
  const got = keys.length ? `an object with ${keys.join(', ')}` : 'an empty object';
  throw new ErlangExit('badarg', `${kind === 'options' ? 'options' : 'option names'} must be a list like ${like}; got ${got}`);
}
