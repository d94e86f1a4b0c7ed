/** decode_packet and HTTP packets between gentcp's TypeScript values and harness terms. */
import { decode_packet, decodeResultToTerm, httpPacketToTerm, type HttpPacket, type TermBuilder } from '../../src/packet/decode-packet.js';
import { defaultOtp } from '../../src/profile/profiles.js';
import { List, isByteList, type Term } from '../term/term.js';

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
  const t = typeof type === 'string' || typeof type === 'number' ? type : String(type);
  const data = Buffer.isBuffer(bin) ? bin : isByteList(bin) ? Buffer.from(bin.items as number[]) : Buffer.alloc(0);
  const o = opts instanceof List ? opts.items.map((x) => (Array.isArray(x) ? [String(x[0]), Number(x[1])] : [String(x), 0])) : [];
  return decodeResultToTerm(decode_packet(t, data, o as Array<[string, number]>, { otp: Number(defaultOtp()) }), terms);
}
