/**
 * An Erlang exception of class `error` raised by a mirrored BIF, e.g.
 * `error:badarg` from `erlang:decode_packet/3` given an unknown packet type.
 * `reason` is the Erlang reason term's atom name.
 */
export class ErlangError extends Error {
  constructor(readonly reason: string) {
    super(`erlang error: ${reason}`);
    this.name = 'ErlangError';
  }
}
