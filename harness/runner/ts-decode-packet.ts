/** erlang:decode_packet/3 for ts subjects, with terms in and out. */
import type { Term } from '../term/term.js';
import { Unsupported } from './executor.js';

export function decodePacketTerm(_type: Term, _bin: Term, _opts: Term): Term {
  throw new Unsupported('decode_packet is not wired yet');
}
