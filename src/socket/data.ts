/**
 * What a socket delivers (recv's value, the Data of {tcp, S, Data}), and how
 * the type checker reads it off an option list: the last of binary, list and
 * {mode, M} picks the mode (list when none, as in Erlang), the last {packet, P}
 * an http mode, the last {header, N} a header list.
 */
import type { HttpPacket } from '../packet/http.js';

/** {header, N} in binary mode: the first N bytes as a list, the rest as a binary; a packet no longer than N is all list. */
export type HeaderData = [...number[], Buffer] | string;

/** Anything a socket may deliver: a binary, a string (list mode), a header list, or an HttpPacket (http modes). */
export type Data = Buffer | string | HeaderData | HttpPacket;

/** The value of the last option of a tuple that `Pick` recognises, or Default. */
type LastOf<O extends readonly unknown[], Pick, Default> = O extends readonly [...infer Rest, infer L]
  ? [ValueOf<L, Pick>] extends [never]
    ? LastOf<Rest, Pick, Default>
    : ValueOf<L, Pick>
  : Default;

/** The value an option gives the field `Pick` names: 'mode', 'packet' or 'header'. */
type ValueOf<Opt, Pick> = Pick extends 'mode'
  ? Opt extends 'binary' | 'list'
    ? Opt
    : Opt extends readonly ['mode', infer M]
      ? M
      : never
  : Opt extends readonly [Pick, infer V]
    ? V
    : never;

/** The data of a socket in mode M with packet P and header H; unions (unknown values) give unions. */
type DataFor<M, P, H> = P extends 'http' | 'httph'
  ? HttpPacket<string>
  : P extends 'http_bin' | 'httph_bin'
    ? HttpPacket<Buffer>
    : M extends 'list'
      ? string
      : H extends 0
        ? Buffer
        : 0 extends H
          ? Buffer | HeaderData
          : HeaderData;

/**
 * The data a socket made with the option list O delivers: `Buffer` for
 * `['binary']`, `string` for `[]` or `['list']`, `HttpPacket` for the http
 * packet types. An option list whose length the type checker does not know
 * (an `Option[]` variable) gives {@link Data}.
 */
export type DataOf<O extends readonly unknown[]> = number extends O['length']
  ? Data
  : DataFor<LastOf<O, 'mode', 'list'>, LastOf<O, 'packet', 0>, LastOf<O, 'header', 0>>;
