/** decode_packet and HTTP packets between gentcp's TypeScript values and harness terms. */
import { decode_packet, defaultOtp, ErlangError, type HttpPacket } from 'gentcp';
import { decodeResultToTerm, httpPacketToTerm, type TermBuilder } from 'gentcp/testing';
import { List, type Term } from '../vocabulary/term.js';

const terms: TermBuilder<Term> = {
  atom: (n) => n,
  integer: (n) => n,
  binary: (b) => Buffer.from(b),
  string: (s) => new List(Array.from(Buffer.from(s, 'latin1'))),
  tuple: (items) => items,
  nil: () => new List([]),
};

/** An HTTP packet as Erlang shows it (atoms and strings told apart as decode_packet does). */
export function httpTerm(p: unknown): Term {
  return httpPacketToTerm(p as HttpPacket, terms);
}

/** erlang:decode_packet/3 with term arguments and result, on the library's implementation. */
export function decodePacketTerm(type: Term, bin: Term, opts: Term): Term {
  // Anything but an atom or integer type, a binary, and a list of {Name, Value} is badarg, as in the BIF.
  if (!(typeof type === 'string' || typeof type === 'number') || !Buffer.isBuffer(bin) || !(opts instanceof List) || opts.tail !== null)
    throw new ErlangError('badarg');
  if (!opts.items.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'number')) throw new ErlangError('badarg');
  const t = type;
  const data = bin;
  const o = opts.items.map((x) => [String((x as Term[])[0]), Number((x as Term[])[1])]);
  return decodeResultToTerm(decode_packet(t, data, o as Array<[string, number]>, { otp: Number(defaultOtp()) }), terms);
}
