%% The benchmark workloads of `npm run bench` (harness/bench/), written the way an Erlang
%% programmer would write them with gen_tcp: both ends run in this node, in their own
%% processes, over 127.0.0.1. Called through the driver's {call, gentcp_bench, run, Args}.
%%
%% run(Workload, Backend, Runs, Params, WarmParams) does one warm-up run (WarmParams,
%% discarded; none for no warm-up) and then Runs measured runs, each on fresh sockets, and returns
%% #{runs => [Result]}. Every loop is bounded by a deadline or a count, and a whole run
%% by Params' cap_ms.
-module(gentcp_bench).
-export([run/5]).

-define(HOST, {127, 0, 0, 1}).

run(Workload, Backend, Runs, Params, WarmParams) when is_integer(Runs), Runs >= 0 ->
    %% none: warmed up by an earlier call (the bench asks for one run at a time).
    _ = WarmParams =:= none orelse one(Workload, Backend, WarmParams),
    Results = [one(Workload, Backend, Params) || _ <- lists:seq(1, Runs)],
    #{runs => Results,
      otp => list_to_binary(erlang:system_info(otp_release)),
      schedulers => erlang:system_info(schedulers_online)}.

%% One run: a fresh listener and connection(s); the result of the measuring side.
one(Workload, Backend, P) ->
    Cap = maps:get(cap_ms, P, 30000),
    Parent = self(),
    Ref = make_ref(),
    {Pid, MRef} = spawn_monitor(fun() -> Parent ! {Ref, workload(Workload, Backend, P)} end),
    receive
        {Ref, R} -> erlang:demonitor(MRef, [flush]), R;
        {'DOWN', MRef, process, Pid, Why} -> error({bench_crashed, Workload, Backend, Why})
    after Cap ->
        exit(Pid, kill),
        error({bench_timeout, Workload, Backend, Cap})
    end.

now_us() -> erlang:monotonic_time(microsecond).

listen(Backend, Opts) ->
    {ok, L} = gen_tcp:listen(0, [{inet_backend, Backend}, binary, {active, false}, {ip, ?HOST},
                                 {reuseaddr, true}, {backlog, 1024} | Opts]),
    {ok, Port} = inet:port(L),
    {L, Port}.

connect(Backend, Port, Opts) ->
    {ok, S} = gen_tcp:connect(?HOST, Port, [{inet_backend, Backend}, binary | Opts]),
    S.

%% Runs Fun in a new process linked to this one; its result comes back as {Tag, Result}.
async(Tag, Fun) ->
    Parent = self(),
    spawn_link(fun() -> Parent ! {Tag, Fun()} end).

await(Tag) ->
    receive {Tag, R} -> R end.

%% ---- 1. ping-pong: {packet,4}, 64 B, {active,once} on both ends --------------------------

workload(pingpong, B, #{duration_ms := Ms, size := Size}) ->
    {L, Port} = listen(B, [{packet, 4}, {nodelay, true}]),
    async(server, fun() ->
                          {ok, S} = gen_tcp:accept(L),
                          ok = inet:setopts(S, [{active, once}]),
                          echo(S)
                  end),
    S = connect(B, Port, [{packet, 4}, {active, false}, {nodelay, true}]),
    Msg = binary:copy(<<"p">>, Size),
    T0 = now_us(),
    Lat = ping(S, Msg, T0 + Ms * 1000, []),
    T1 = now_us(),
    ok = gen_tcp:close(S),
    await(server),
    gen_tcp:close(L),
    Sorted = lists:sort(Lat),
    N = length(Sorted),
    #{count => N, us => T1 - T0, p50_us => pct(Sorted, N, 50), p99_us => pct(Sorted, N, 99)};

%% ---- 2./3. one-way stream of {packet,4} messages -----------------------------------------

workload(stream, B, #{duration_ms := Ms, size := Size} = P) ->
    {L, Port} = listen(B, [{packet, 4}]),
    async(receiver, fun() ->
                            {ok, S} = gen_tcp:accept(L),
                            ok = inet:setopts(S, [{active, true}]),
                            count_msgs(S, 0, 0, undefined, undefined)
                    end),
    %% 7.: the sender with {delay_send, true}.
    S = connect(B, Port, [{packet, 4}, {active, false}, {delay_send, maps:get(delay_send, P, 0) =:= 1}]),
    Msg = binary:copy(<<"s">>, Size),
    Sent = blast(S, Msg, now_us() + Ms * 1000, 0),
    ok = gen_tcp:close(S),
    R = await(receiver),
    gen_tcp:close(L),
    R#{sent => Sent};

%% ---- 4. raw bulk: {packet,raw}, {active,true} receiver -----------------------------------

workload(bulk, B, #{bytes := Bytes, chunk := Chunk}) ->
    {L, Port} = listen(B, [{packet, raw}]),
    async(receiver, fun() ->
                            {ok, S} = gen_tcp:accept(L),
                            ok = inet:setopts(S, [{active, true}]),
                            count_msgs(S, 0, 0, undefined, undefined)
                    end),
    S = connect(B, Port, [{packet, raw}, {active, false}]),
    send_bytes(S, binary:copy(<<"b">>, Chunk), Bytes),
    ok = gen_tcp:close(S),
    R = await(receiver),
    gen_tcp:close(L),
    R;

%% ---- 6. passive recv(S, 0) loop ----------------------------------------------------------

workload(recv, B, #{bytes := Bytes, chunk := Chunk}) ->
    {L, Port} = listen(B, [{packet, raw}]),
    async(receiver, fun() ->
                            {ok, S} = gen_tcp:accept(L),
                            recv_loop(S, 0, 0, undefined, undefined)
                    end),
    S = connect(B, Port, [{packet, raw}, {active, false}]),
    send_bytes(S, binary:copy(<<"r">>, Chunk), Bytes),
    ok = gen_tcp:close(S),
    R = await(receiver),
    gen_tcp:close(L),
    R;

%% ---- 5. connection churn -----------------------------------------------------------------
%% Clients connect, send one {packet,4} message and wait for the server's close; the server
%% accepts, hands each connection to a new process, which receives the message and closes.

workload(churn, B, #{conns := Conns, clients := Clients, duration_ms := Ms, size := Size}) ->
    garbage_collect(),
    reset_peak_rss(),
    {L, Port} = listen(B, [{packet, 4}]),
    Acceptor = spawn_link(fun() -> acceptor(L, fun handle/1) end),
    Counter = counters:new(1, [atomics]),
    Msg = binary:copy(<<"c">>, Size),
    T0 = now_us(),
    Deadline = T0 + Ms * 1000,
    Tags = [begin
                Tag = {client, I},
                async(Tag, fun() -> churn_client(B, Port, Msg, Counter, Conns, Deadline, 0) end),
                Tag
            end || I <- lists:seq(1, Clients)],
    Done = lists:sum([await(T) || T <- Tags]),
    T1 = now_us(),
    unlink(Acceptor),
    exit(Acceptor, kill),
    gen_tcp:close(L),
    #{count => Done, us => T1 - T0, peak_rss => peak_rss()};

%% ---- 8. 1,000 idle connections, one active at a time -------------------------------------
%% An acceptor hands each connection to an echo process; the client opens them all, makes one
%% round trip on each, then round trips on each in turn. Memory per connection: what the VM
%% holds (erlang:memory(total), every process collected first) grown from before the first
%% connect to after the first round trip on each; both ends are in this node, as both are in
%% the Node process, whose figure is its V8 heaps' (harness/bench/heap.ts).

workload(idle, B, #{conns := Conns, duration_ms := Ms, size := Size}) ->
    garbage_collect(),
    {L, Port} = listen(B, [{packet, 4}, {nodelay, true}]),
    Acceptor = spawn_link(fun() -> acceptor(L, fun(S) -> ok = inet:setopts(S, [{active, once}]), echo(S) end) end),
    Msg = binary:copy(<<"i">>, Size),
    Mem0 = vm_memory(),
    Socks = [connect(B, Port, [{packet, 4}, {active, false}, {nodelay, true}]) || _ <- lists:seq(1, Conns)],
    [round_trip(S, Msg) || S <- Socks],
    ConnBytes = (vm_memory() - Mem0) div Conns,
    Ring = list_to_tuple(Socks),
    T0 = now_us(),
    Lat = ring(Ring, 0, Msg, T0 + Ms * 1000, []),
    T1 = now_us(),
    [gen_tcp:close(S) || S <- Socks],
    unlink(Acceptor),
    exit(Acceptor, kill),
    gen_tcp:close(L),
    Sorted = lists:sort(Lat),
    N = length(Sorted),
    #{count => N, us => T1 - T0, p50_us => pct(Sorted, N, 50), p99_us => pct(Sorted, N, 99),
      conn_bytes => ConnBytes}.

%% ---- the loops ---------------------------------------------------------------------------

round_trip(S, Msg) ->
    ok = inet:setopts(S, [{active, once}]),
    ok = gen_tcp:send(S, Msg),
    receive {tcp, S, _} -> ok end.

ring(Ring, I, Msg, Deadline, Acc) ->
    T0 = now_us(),
    case T0 >= Deadline of
        true -> Acc;
        false ->
            round_trip(element(I rem tuple_size(Ring) + 1, Ring), Msg),
            ring(Ring, I + 1, Msg, Deadline, [now_us() - T0 | Acc])
    end.


echo(S) ->
    receive
        {tcp, S, D} ->
            ok = gen_tcp:send(S, D),
            ok = inet:setopts(S, [{active, once}]),
            echo(S);
        {tcp_closed, S} -> ok;
        {tcp_error, S, _} -> ok
    end.

ping(S, Msg, Deadline, Acc) ->
    T0 = now_us(),
    case T0 >= Deadline of
        true -> Acc;
        false ->
            ok = inet:setopts(S, [{active, once}]),
            ok = gen_tcp:send(S, Msg),
            receive
                {tcp, S, _} ->
                    ping(S, Msg, Deadline, [now_us() - T0 | Acc])
            end
    end.

pct(_, 0, _) -> 0;
pct(Sorted, N, P) -> lists:nth(max(1, min(N, (N * P + 99) div 100)), Sorted).

%% Messages (and bytes) until the sender's close; times from the first to the last message.
count_msgs(S, N, Bytes, First, Last) ->
    receive
        {tcp, S, D} ->
            T = now_us(),
            count_msgs(S, N + 1, Bytes + byte_size(D), first(First, T), T);
        {tcp_closed, S} -> result(N, Bytes, First, Last);
        {tcp_error, S, _} -> result(N, Bytes, First, Last)
    end.

recv_loop(S, N, Bytes, First, Last) ->
    case gen_tcp:recv(S, 0) of
        {ok, D} ->
            T = now_us(),
            recv_loop(S, N + 1, Bytes + byte_size(D), first(First, T), T);
        {error, _} ->
            gen_tcp:close(S),
            result(N, Bytes, First, Last)
    end.

first(undefined, T) -> T;
first(F, _) -> F.

result(N, Bytes, First, Last) when is_integer(First) ->
    #{count => N, bytes => Bytes, us => max(1, Last - First)};
result(N, Bytes, _, _) ->
    #{count => N, bytes => Bytes, us => 1}.

%% Sends until the deadline (the clock is read every 64 sends).
blast(S, Msg, Deadline, N) ->
    case N band 63 =:= 0 andalso now_us() >= Deadline of
        true -> N;
        false ->
            ok = gen_tcp:send(S, Msg),
            blast(S, Msg, Deadline, N + 1)
    end.

send_bytes(_, _, Left) when Left =< 0 -> ok;
send_bytes(S, Chunk, Left) when Left >= byte_size(Chunk) ->
    ok = gen_tcp:send(S, Chunk),
    send_bytes(S, Chunk, Left - byte_size(Chunk));
send_bytes(S, Chunk, Left) ->
    ok = gen_tcp:send(S, binary:part(Chunk, 0, Left)).

acceptor(L, Serve) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            Pid = spawn(fun() -> receive go -> Serve(S) after 10000 -> ok end end),
            ok = gen_tcp:controlling_process(S, Pid),
            Pid ! go,
            acceptor(L, Serve);
        {error, _} -> ok
    end.

handle(S) ->
    _ = gen_tcp:recv(S, 0, 5000),
    gen_tcp:close(S).

churn_client(B, Port, Msg, Counter, Conns, Deadline, Done) ->
    case counters:get(Counter, 1) >= Conns orelse now_us() >= Deadline of
        true -> Done;
        false ->
            counters:add(Counter, 1, 1),
            S = connect(B, Port, [{packet, 4}, {active, false}]),
            ok = gen_tcp:send(S, Msg),
            {error, _} = gen_tcp:recv(S, 0, 5000),
            gen_tcp:close(S),
            churn_client(B, Port, Msg, Counter, Conns, Deadline, Done + 1)
    end.

%% ---- memory: the OS process's peak resident set (Linux), reset before a run ---------------

reset_peak_rss() ->
    _ = file:write_file("/proc/self/clear_refs", <<"5">>),
    ok.

peak_rss() -> status_kb(<<"VmHWM">>).

%% What the VM holds, every process collected first.
vm_memory() ->
    _ = [garbage_collect(P) || P <- processes()],
    erlang:memory(total).

status_kb(Field) ->
    case file:read_file("/proc/self/status") of
        {ok, Bin} ->
            case re:run(Bin, <<Field/binary, ":\\s+(\\d+) kB">>, [{capture, all_but_first, binary}]) of
                {match, [Kb]} -> binary_to_integer(Kb) * 1024;
                _ -> 0
            end;
        _ -> 0
    end.
