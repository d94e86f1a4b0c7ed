/**
 * application:get_env/2, set_env/3 and unset_env/2, for the kernel application's keys gen_tcp
 * reads: `inet_default_connect_options` and `inet_default_listen_options` (options every
 * connect, or every listen, starts from; see gen_tcp.connect). Like Erlang's application
 * environment, it is one store for the whole program.
 */
import { ErlangError } from './erlang/errors.js';

const env = new Map<string, Map<string, unknown>>();

function check(app: unknown, key: unknown): asserts app is string {
  if (typeof app !== 'string' || typeof key !== 'string') throw new ErlangError('badarg');
}

/** application:set_env/3: sets `key` of `app` to `value`. A kernel default is an option list, as connect and listen take. */
export function set_env(app: string, key: string, value: unknown): 'ok' {
  check(app, key);
  let m = env.get(app);
  if (!m) env.set(app, (m = new Map()));
  m.set(key, value);
  return 'ok';
}

/** application:get_env/2: ['ok', Value], or 'undefined' when the key is not set. */
export function get_env(app: string, key: string): ['ok', unknown] | 'undefined' {
  check(app, key);
  const m = env.get(app);
  return m?.has(key) ? ['ok', m.get(key)] : 'undefined';
}

/** application:unset_env/2: forgets `key` of `app`. */
export function unset_env(app: string, key: string): 'ok' {
  check(app, key);
  env.get(app)?.delete(key);
  return 'ok';
}
