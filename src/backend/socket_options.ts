/**
 * gen_tcp_socket's way with option lists (its call_setopts): the socket
 * module checks its own options, packet and active are checked, the server's
 * other options are stored as given, ignored ones skipped; a list goes first
 * to last and stops at the first refusal, keeping what it applied.
 */
import { ErlangError, ErlangExit } from '../erlang/errors.js';
import type { Apply, OptionDialect, Refusal } from '../options/dialect.js';
import { applyOne, known, lastOccurrences, SPECS, type Spec } from '../options/parse.js';
import type { SocketOptions } from '../options/types.js';
import type { OptionRules } from '../profile/profiles.js';

/** gen_tcp_socket's server options: kept in the server's state, stored unchecked but for packet and active. */
const SOCKET_SERVER = new Set(['active', 'mode', 'packet', 'packet_size', 'header', 'line_delimiter', 'exit_on_close', 'show_econnreset', 'send_timeout', 'send_timeout_close', 'delay_send', 'deliver']);

/** What an option is to gen_tcp_socket. */
function socketKind(rules: OptionRules, name: string): 'ignored' | 'socket' | 'server' | 'unknown' {
  if (rules.ignored.includes(name)) return 'ignored';
  if (SOCKET_SERVER.has(name)) return 'server';
  if (known(rules, name)?.socket) return 'socket';
  return 'unknown';
}

/** The socket module's refusal of a value, as the release words it. */
function socketRefusal(rules: OptionRules, spec: Spec, value: unknown): Refusal {
  const s = spec.socket!;
  if (rules.socketOptionError === 'einval') return { error: 'einval' };
  return { error: ['invalid', ['socket_option', s.opt, s.arg ? s.arg(value) : value]] };
}

function apply(o: SocketOptions, name: string, value: unknown, a: Apply): Refusal | undefined {
  const spec = SPECS[name];
  switch (socketKind(a.rules, name)) {
    case 'ignored':
      return undefined;
    case 'unknown':
      return { error: 'einval' };
    case 'socket':
      if (!spec!.socket!.valid(value)) return socketRefusal(a.rules, spec!, value);
      return applyOne(o, name, value, a);
    case 'server':
      if ((name === 'packet' || name === 'active') && !spec!.valid(value)) return { error: 'einval' };
      // {active, false} ends an {active, N} count as its running out would: with tcp_passive.
      if (name === 'active' && !a.creating && value === false && typeof o.active === 'number') a.passive = true;
      return applyOne(o, name, value, a);
  }
}

export const SOCKET_OPTIONS: OptionDialect = {
  rawPacket: 'raw',
  packetSize: 67108864,
  unreadable: [],
  // gen_tcp_socket:setopts/2 has no clause for it.
  nonList: () => new ErlangError('function_clause'),
  create(items, opts, a) {
    // gen_tcp_socket's setopts_opts: an option it has no use for is badarg.
    if (items.some(([name]) => socketKind(a.rules, name) === 'unknown')) throw new ErlangExit('badarg');
    for (const [name, value] of lastOccurrences(items).reverse()) {
      const refused = apply(opts, name, value, a);
      if (refused) return refused;
    }
    return undefined;
  },
  set(items, next, a) {
    for (const [name, value] of items) {
      const refused = apply(next, name, value, a);
      if (refused) return { ...refused, untouched: false };
    }
    return undefined;
  },
  kernelRefusal: (_name, refused) => ({ error: refused }),
};
