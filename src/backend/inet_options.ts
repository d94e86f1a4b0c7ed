/**
 * inet_drv's way with option lists (prim_inet): setopts checks every value
 * before it changes anything and refuses the whole list with {error, einval};
 * the driver gets the list reversed, so of a duplicate the first wins. The
 * driver keeps some values in its own form.
 */
import { ErlangError } from '../erlang/errors.js';
import type { Apply, OptionDialect, Refusal } from '../options/dialect.js';
import { applyOne, known, lastOccurrences } from '../options/parse.js';
import type { SocketOptions } from '../options/types.js';

/** A value as inet_drv keeps it: {packet, raw} is 0, line_delimiter a char (256 is 0), a buffer below 1 is 1. */
function driverValue(name: string, value: unknown): unknown {
  if (name === 'packet' && value === 'raw') return 0;
  if (name === 'line_delimiter') return (value as number) & 0xff;
  if (name === 'buffer' && Number.isInteger(value) && (value as number) < 1) return 1;
  return value;
}

const apply = (o: SocketOptions, name: string, value: unknown, a: Apply): Refusal | undefined => applyOne(o, name, driverValue(name, value), a);

export const INET_OPTIONS: OptionDialect = {
  rawPacket: 0,
  packetSize: 0,
  unreadable: ['line_delimiter', 'backlog'],
  // setopts' list comprehension meets something that is no list.
  nonList: (list) => new ErlangError(['bad_generator', list]),
  create(items, opts, a) {
    for (const [name, value] of lastOccurrences(items)) {
      const refused = apply(opts, name, value, a);
      if (refused) return refused;
    }
    return undefined;
  },
  set(items, next, a) {
    for (const [name, value] of items) {
      const spec = known(a.rules, name);
      if (!spec || spec.creationOnly || !spec.valid(value)) return { error: 'einval', untouched: true };
    }
    for (const [name, value] of [...items].reverse()) {
      const refused = apply(next, name, value, a);
      if (refused) return { ...refused, untouched: false };
    }
    return undefined;
  },
  // inet_drv reports a refused tos or priority; other kernel refusals pass silently.
  kernelRefusal: (name) => (name === 'tos' || name === 'priority' ? { error: 'einval' } : undefined),
};
