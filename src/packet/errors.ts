/** decode_packet raises Erlang's own exceptions (error:badarg for an unknown type). */
export { ErlangError } from '../erlang/errors.js';
