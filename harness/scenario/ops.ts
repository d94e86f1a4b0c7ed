/**
 * The steps a scenario can take. Actor ops run inside an actor process (the
 * real gen_tcp/inet call, or one of the peer's fault helpers); runner ops are
 * carried out by the runner itself and never block an actor.
 */

export interface ActorOp {
  kind: 'actor';
  /** Allowed argument counts, as in the Erlang function. */
  arities: number[];
  /** Positions of arguments that are option lists (tracked for packet modes). */
  optsAt?: number;
  /** Position of the socket argument, if any. */
  socketAt?: number;
  /** Position of a timeout argument, if any (it sets the step's default budget). */
  timeoutAt?: number;
  /** Position of another argument in milliseconds (a sleep or a delay), if any. */
  msAt?: number;
  /** Position of a loop's iteration bound, if the op loops (its timeout applies to each iteration). */
  loopAt?: number;
  /** Position of a nesting depth the actor builds, if any (bounded as MAX_NEST_DEPTH). */
  depthAt?: number;
  /** The call makes a socket ({ok, Socket}): listen, connect, accept. */
  makesSocket?: boolean;
  /** The call returns a reference later steps may name (inet:monitor/1). */
  makesRef?: boolean;
  /** Peer-only helpers that are not part of gen_tcp. */
  peerOnly?: boolean;
  /** A one-line description, used by the schema and `gentcp list`. */
  doc: string;
}

export const ACTOR_OPS = {
  listen: { kind: 'actor', arities: [2], optsAt: 1, makesSocket: true, doc: 'gen_tcp:listen(Port, Opts)' },
  connect: { kind: 'actor', arities: [3, 4], optsAt: 2, timeoutAt: 3, makesSocket: true, doc: 'gen_tcp:connect(Address, Port, Opts[, Timeout])' },
  connect_sockaddr: {
    kind: 'actor', arities: [2, 3], optsAt: 1, timeoutAt: 2, makesSocket: true,
    doc: 'gen_tcp:connect(SockAddr, Opts[, Timeout]): connect/2,3 with a socket address map #{family, addr, port}',
  },
  accept: { kind: 'actor', arities: [1, 2], socketAt: 0, timeoutAt: 1, makesSocket: true, doc: 'gen_tcp:accept(ListenSocket[, Timeout])' },
  send: { kind: 'actor', arities: [2], socketAt: 0, doc: 'gen_tcp:send(Socket, Packet)' },
  send_nested: {
    kind: 'actor', arities: [3], socketAt: 0, depthAt: 2,
    doc: 'gen_tcp:send(Socket, Data) with Data wrapped in Depth one-element lists ([[…[Data]…]]), built by the actor: iodata nested deeper than a scenario file should hold',
  },
  recv: { kind: 'actor', arities: [2, 3], socketAt: 0, timeoutAt: 2, doc: 'gen_tcp:recv(Socket, Length[, Timeout])' },
  close: { kind: 'actor', arities: [1], socketAt: 0, doc: 'gen_tcp:close(Socket)' },
  shutdown: { kind: 'actor', arities: [2], socketAt: 0, doc: 'gen_tcp:shutdown(Socket, How)' },
  controlling_process: { kind: 'actor', arities: [2], socketAt: 0, doc: 'gen_tcp:controlling_process(Socket, Pid)' },
  setopts: { kind: 'actor', arities: [2], socketAt: 0, optsAt: 1, doc: 'inet:setopts(Socket, Opts)' },
  getopts: { kind: 'actor', arities: [2], socketAt: 0, doc: 'inet:getopts(Socket, OptNames)' },
  port: { kind: 'actor', arities: [1], socketAt: 0, doc: 'inet:port(Socket)' },
  peername: { kind: 'actor', arities: [1], socketAt: 0, doc: 'inet:peername(Socket)' },
  sockname: { kind: 'actor', arities: [1], socketAt: 0, doc: 'inet:sockname(Socket)' },
  getstat: { kind: 'actor', arities: [1, 2], socketAt: 0, doc: 'inet:getstat(Socket[, Stats])' },
  info: { kind: 'actor', arities: [1], socketAt: 0, doc: 'inet:info(Socket): the backend\'s map of the socket (compare it with observe: shape; sizes and counters vary)' },
  monitor: {
    kind: 'actor', arities: [1], socketAt: 0, makesRef: true,
    doc: "inet:monitor(Socket): the actor is told {'DOWN', Ref, port | socket, Socket, Reason} when the socket goes; `as` names the reference",
  },
  cancel_monitor: { kind: 'actor', arities: [1], doc: 'inet:cancel_monitor(MonitorRef): {"ref": Name} names a reference a monitor step bound' },
  decode_packet: { kind: 'actor', arities: [3], doc: 'erlang:decode_packet(Type, Bin, Opts)' },
  send_splits: { kind: 'actor', arities: [3], socketAt: 0, msAt: 2, peerOnly: true, doc: 'send each chunk of a list in turn, sleeping DelayMs between them' },
  reset: { kind: 'actor', arities: [1], socketAt: 0, peerOnly: true, doc: 'setopts {linger,{true,0}} then close: the peer sends an RST' },
  half_close: { kind: 'actor', arities: [1], socketAt: 0, peerOnly: true, doc: 'shutdown(Socket, write): the peer sends a FIN and keeps reading' },
  stop_reading: { kind: 'actor', arities: [1], socketAt: 0, peerOnly: true, doc: 'setopts {active,false} and never recv: the peer stops reading' },
  fill: { kind: 'actor', arities: [3], socketAt: 0, peerOnly: true, doc: 'send Chunk-byte packets until send fails or Max bytes went out; returns {filled, Sent, LastResult}' },
  send_until_error: {
    kind: 'actor', arities: [3], socketAt: 0, loopAt: 2,
    doc: 'gen_tcp:send(Socket, Data) again and again until it returns an error, at most MaxIterations times; returns {sent, Count, LastResult} (LastResult limit when the bound was reached)',
  },
  recv_until_closed: {
    kind: 'actor', arities: [3], socketAt: 0, timeoutAt: 1, loopAt: 2,
    doc: 'gen_tcp:recv(Socket, 0, Timeout) until it returns something other than {ok, Data}, at most MaxIterations times; returns {received, Bytes, LastResult} (LastResult limit when the bound was reached)',
  },
  rearm_active: {
    kind: 'actor', arities: [4], socketAt: 0, timeoutAt: 3, loopAt: 2,
    doc: 'rearm_active(Socket, N, Times, Timeout): on each {tcp_passive, Socket} (waiting at most Timeout ms for it) inet:setopts(Socket, [{active, N}]), at most Times times; returns {rearmed, K, Last} (Last limit, timeout or the setopts error)',
  },
  sleep: { kind: 'actor', arities: [1], msAt: 0, doc: 'timer:sleep(Ms) in the actor (it is busy meanwhile)' },
  exit: { kind: 'actor', arities: [1], doc: 'the actor exits with Reason (its sockets close with it)' },
  flush: { kind: 'actor', arities: [0], doc: 'receive every message in the actor mailbox; returns them' },
  receive: { kind: 'actor', arities: [1], msAt: 0, doc: 'receive the first message in the actor mailbox, or timeout after Ms' },
} as const satisfies Record<string, ActorOp>;

export type ActorOpName = keyof typeof ACTOR_OPS;

export const RUNNER_OPS = {
  spawn: 'start a new actor process (declared in `actors`)',
  kill: 'exit(Pid, Reason) on an actor from outside: a crashed or killed owner',
  await: 'wait until an actor has received messages that satisfy `until`, or `timeout` ms pass; result ok | timeout',
  join: 'wait for `nowait` steps to finish, at most `timeout` ms; result ok | {pending, Ids}',
  wait: 'let `ms` milliseconds pass without blocking any actor',
} as const;

export type RunnerOpName = keyof typeof RUNNER_OPS;

/** Whether a step's op makes a socket (so an unnamed one still gets a name). */
export function makesSocket(op: string): boolean {
  return isActorOp(op) && (ACTOR_OPS[op] as ActorOp).makesSocket === true;
}

/** Whether a step's op returns a reference (so an unnamed one still gets a name). */
export function makesRef(op: string): boolean {
  return isActorOp(op) && (ACTOR_OPS[op] as ActorOp).makesRef === true;
}

export function isActorOp(op: string): op is ActorOpName {
  return Object.hasOwn(ACTOR_OPS, op);
}

/** The deepest list send_nested may build (a million levels is what Erlang is known to send). */
export const MAX_NEST_DEPTH = 10_000_000;

/** The most iterations one loop op may make. */
export const MAX_LOOP_ITERATIONS = 100_000;

/** The ops that loop on the actor (send until an error, recv until closed, re-arm active). */
export const LOOP_OPS: ReadonlySet<string> = new Set(['send_until_error', 'recv_until_closed', 'rearm_active']);

/**
 * The time a step's own arguments allow it: its timeout, times one more than its iteration
 * bound when it loops (each iteration may wait that long); undefined when it has no timeout.
 */
export function argTimeout(op: ActorOp, args: readonly unknown[]): number | undefined {
  const t = op.timeoutAt === undefined ? undefined : args[op.timeoutAt];
  if (typeof t !== 'number') return undefined;
  const n = op.loopAt === undefined ? undefined : args[op.loopAt];
  return typeof n === 'number' ? t * (n + 1) : t;
}
