/**
 * The fixed part of every repro.escript: actors, tracing, naming, await/join,
 * the peer fault helpers and a small JSON encoder. It mirrors
 * harness/runner/run.ts + recorder.ts and erlang/src/gentcp_run.erl +
 * gentcp_actor.erl, with the coordinator in the escript's own process instead
 * of behind the harness's control connection.
 */
export const ESCRIPT_HELPERS = String.raw`
%% ===========================================================================
%% Everything below is the same for every scenario: the harness's machinery
%% (actors, tracing, naming, await/join) in plain Erlang, and the peer's fault
%% helpers exactly as erlang/src/gentcp_actor.erl does them.
%% ===========================================================================

-define(SAFE_INT, 9007199254740991).

%% --- the run ----------------------------------------------------------------

%% Reads the backend argument, sets up the tables and the clock; returns the subject backend.
start(Args, Conf) ->
    Backend = case Args of
                  [] -> maps:get(backend, Conf);
                  ["inet" | _] -> inet;
                  ["socket" | _] -> socket;
                  _ ->
                      io:format(standard_error, "usage: escript repro.escript [inet|socket]~n", []),
                      halt(2)
              end,
    Rel = erlang:system_info(otp_release),
    case maps:get(otp, Conf) of
        Rel -> ok;
        Want -> io:format(standard_error, "note: the case was recorded against OTP ~s; this is OTP ~s~n", [Want, Rel])
    end,
    %% stdout is the trace's: the logger's reports (a port's "Bad value on output port", say) go to stderr.
    _ = logger:remove_handler(default),
    _ = logger:add_handler(default, logger_std_h, #{config => #{type => standard_error}}),
    ets:new(repro_socks, [named_table, public, set]),
    ets:new(repro_actors, [named_table, public, set]),
    %% One key per run for unix socket paths, shared by every actor.
    persistent_term:put(repro_path_key, os:getpid() ++ "-" ++ integer_to_list(erlang:system_time(millisecond))),
    Base = erlang:monotonic_time(),
    put(conf, Conf#{backend => Backend, base => Base, budget_end => clock() + maps:get(budget, Conf)}),
    put(steps, #{}), put(nmsgs, 0), put(exits, []), put(errors, []), put(cursors, #{}),
    put(nowait, #{}), put(running, #{}), put(stopped, false), put(closed, false),
    Backend.

%% Settles, stops recording, ends the actors (their sockets close with them) and prints the trace.
finish() ->
    #{settle := Settle} = get(conf),
    wait_until(fun() -> false end, clock() + Settle),
    put(closed, true),
    [begin catch erlang:trace(Pid, false, [all]), exit(Pid, kill) end || {_, Pid} <- ets:tab2list(repro_actors)],
    print_trace(),
    [file:delete(path_file(P)) || P <- maps:get(paths, get(conf))],
    halt(0).

%% --- actors -------------------------------------------------------------------

%% A plain process that runs steps one at a time; its mailbox is left alone and
%% observed by tracing, so socket ownership and controlling_process are real.
actor(Name, _Side) ->
    Coord = self(),
    Base = base(),
    Pid = spawn(fun() -> receive go -> actor_loop(Coord, Base) end end),
    1 = erlang:trace(Pid, true, ['receive', monotonic_timestamp, {tracer, Coord}]),
    monitor(process, Pid),
    ets:insert(repro_actors, {Name, Pid}),
    Pid ! go,
    ok.

actor_loop(Coord, Base) ->
    receive
        {'$repro_job', Coord, I, Fun, As} ->
            T0 = ms(erlang:monotonic_time(), Base),
            case run_job(Fun) of
                {exit_actor, Reason} ->
                    %% The step itself succeeds; the exit shows up as the actor's exit.
                    Coord ! {'$repro_done', I, {return, ok}, T0, ms(erlang:monotonic_time(), Base)},
                    exit(Reason);
                Result ->
                    bind(As, Result),
                    Coord ! {'$repro_done', I, Result, T0, ms(erlang:monotonic_time(), Base)},
                    actor_loop(Coord, Base)
            end
    end.

run_job(Fun) ->
    try Fun() of
        Value -> {return, Value}
    catch
        throw:{'$repro_unbound', Name} -> {return, {'$gentcp_unbound_socket', Name}};
        throw:{'$repro_exit', Reason} -> {exit_actor, Reason};
        throw:{'$repro_fault', Why} -> {fault, Why};
        Class:Reason -> {raise, Class, Reason}
    end.

%% {ok, Socket} from a step that names a socket binds the name for later steps.
bind(none, _) -> ok;
bind(As, {return, {ok, Sock}}) ->
    case is_socket(Sock) of
        true -> ets:insert(repro_socks, {As, Sock, port_of(Sock), erlang:unique_integer([monotonic, positive])});
        false -> ok
    end;
bind(_, _) -> ok.

port_of(Sock) ->
    case catch inet:port(Sock) of
        {ok, N} when is_integer(N) -> N;
        _ -> undefined
    end.

%% --- placeholders ---------------------------------------------------------------

%% The socket a step bound with that name; a step naming an unbound socket is not made.
sock(Name) ->
    case ets:lookup(repro_socks, Name) of
        [{_, Sock, _, _}] -> Sock;
        [] -> throw({'$repro_unbound', Name})
    end.

pid(Name) ->
    case ets:lookup(repro_actors, Name) of
        [{_, Pid}] -> Pid;
        [] -> throw({'$repro_fault', io_lib:format("no actor ~s", [Name])})
    end.

portof(Name) ->
    case ets:lookup(repro_socks, Name) of
        [{_, _, Port, _}] when is_integer(Port) -> Port;
        _ -> throw({'$repro_fault', io_lib:format("socket ~s has no port", [Name])})
    end.

%% A binary of N bytes of the harness's fixed pattern (abc...xyz0123456789, repeated).
fill_bytes(N) ->
    Alphabet = <<"abcdefghijklmnopqrstuvwxyz0123456789">>,
    Whole = binary:copy(Alphabet, N div 36),
    <<Whole/binary, (binary:part(Alphabet, 0, N rem 36))/binary>>.

%% A per-run unix socket path, as {local, Path}.
path(Name) -> {local, path_file(Name)}.

path_file(Name) ->
    Dir = case os:getenv("TMPDIR") of false -> "/tmp"; "" -> "/tmp"; D -> D end,
    Key = persistent_term:get(repro_path_key),
    iolist_to_binary([Dir, "/gentcp-repro-", Key, "-", atom_to_list(Name), ".sock"]).

%% --- the peer's fault helpers and actor ops (as gentcp_actor.erl) ----------------

send_splits(_, [], _) -> ok;
send_splits(S, [C | Rest], DelayMs) ->
    case gen_tcp:send(S, C) of
        ok when Rest =:= [] -> ok;
        ok -> timer:sleep(DelayMs), send_splits(S, Rest, DelayMs);
        Error -> Error
    end.

%% {linger,{true,0}} then close: the other side gets an RST.
reset(S) ->
    ok = inet:setopts(S, [{linger, {true, 0}}]),
    gen_tcp:close(S).

%% shutdown(write): a FIN, while still reading.
half_close(S) -> gen_tcp:shutdown(S, write).

%% {active,false} and never recv: the other side's sends back up.
stop_reading(S) -> inet:setopts(S, [{active, false}]).

%% Chunk-byte packets until send fails or Max bytes went out.
fill(S, Chunk, Max) -> fill_loop(S, binary:copy(<<"x">>, Chunk), Max, 0).

fill_loop(_S, _Chunk, Max, Sent) when Sent >= Max -> {filled, Sent, ok};
fill_loop(S, Chunk, Max, Sent) ->
    case gen_tcp:send(S, Chunk) of
        ok -> fill_loop(S, Chunk, Max, Sent + byte_size(Chunk));
        Error -> {filled, Sent, Error}
    end.

%% Every message in the actor's mailbox.
flush() -> flush([]).
flush(Acc) ->
    receive M when not is_tuple(M); element(1, M) =/= '$repro_job' -> flush([M | Acc])
    after 0 -> lists:reverse(Acc)
    end.

%% The first message in the actor's mailbox, or timeout.
receive_any(Timeout) ->
    receive M when not is_tuple(M); element(1, M) =/= '$repro_job' -> M
    after Timeout -> timeout
    end.

%% The actor exits with Reason once the step has answered ok.
actor_exit(Reason) -> throw({'$repro_exit', Reason}).

%% --- steps ------------------------------------------------------------------------

step(I, Actor, Fun) -> dispatch(I, Actor, Fun, none, 5000, undefined).
step(I, Actor, Fun, As) -> dispatch(I, Actor, Fun, As, 5000, undefined).
step(I, Actor, Fun, As, BudgetMs) -> dispatch(I, Actor, Fun, As, BudgetMs, undefined).

%% Starts the call and goes on; join collects it.
nowait(I, Id, Actor, Fun, As) -> dispatch(I, Actor, Fun, As, nowait, Id).

dispatch(I, Actor, Fun, As, Budget, Id) ->
    case begin_step(I) of
        false -> ok;
        true ->
            [{_, Pid}] = ets:lookup(repro_actors, Actor),
            case is_process_alive(Pid) of
                false ->
                    fail_step(I, io_lib:format("step ~b: actor ~s is not alive", [I, Actor]));
                true ->
                    Pid ! {'$repro_job', self(), I, Fun, As},
                    put(running, maps:put(I, Actor, get(running))),
                    case Budget of
                        nowait ->
                            put(nowait, maps:put(Id, I, get(nowait)));
                        _ ->
                            case wait_until(fun() -> step_done(I) end, clock() + Budget) of
                                true -> ok;
                                false -> fail_step(I, io_lib:format("step ~b (~s) did not finish within its budget of ~b ms", [I, Actor, Budget]))
                            end
                    end
            end
    end.

spawn_actor(I, Name) ->
    begin_step(I) andalso begin actor(Name, spawned), end_step(I, ok) end.

%% exit(Pid, Reason) from outside the actor.
kill(I, Name, Reason) ->
    begin_step(I) andalso begin [{_, Pid}] = ets:lookup(repro_actors, Name), exit(Pid, Reason), end_step(I, ok) end.

%% Lets Ms pass without blocking any actor.
wait(I, Ms) ->
    begin_step(I) andalso begin wait_until(fun() -> false end, clock() + Ms), end_step(I, ok) end.

%% Waits for nowait steps: ok, or {pending, Ids} after Timeout ms.
join(I, Ids, Timeout) ->
    begin_step(I) andalso begin
        Done = fun(Id) -> step_done(maps:get(Id, get(nowait))) end,
        wait_until(fun() -> lists:all(Done, Ids) end, clock() + Timeout),
        end_step(I, case [Id || Id <- Ids, not Done(Id)] of [] -> ok; Left -> {pending, Left} end)
    end.

%% Waits until Actor received messages that satisfy Until ({message, Pattern},
%% {count, N} or {bytes, N, Socket}), counting from its previous await (last)
%% or from the start, or (exited) until Actor has exited; ok, or timeout after Timeout ms.
await(I, Actor, Until, Timeout, Since) ->
    begin_step(I) andalso begin
        From = case Since of start -> 0; last -> maps:get(Actor, get(cursors), 0) end,
        put(scan, {0, 0, 0}),
        Cond = case Until of
            exited -> fun() -> lists:keymember(Actor, 1, get(exits)) end;
            _ -> fun() -> scan(Actor, Until, From) end
        end,
        Found = wait_until(Cond, clock() + Timeout),
        end_step(I, case Found of true -> ok; false -> timeout end)
    end.

%% Scans each message once: {Scanned, Seen (this actor's), Bytes}.
scan(Actor, Until, From) ->
    {N, Seen, Bytes} = get(scan),
    scan(Actor, Until, From, N, Seen, Bytes, get(nmsgs)).

scan(_, _, _, N, Seen, Bytes, Count) when N >= Count -> put(scan, {N, Seen, Bytes}), false;
scan(Actor, Until, From, N, Seen, Bytes, Count) ->
    case get({msg, N}) of
        {Actor, _, Msg} ->
            case has_unnamed_socket(Msg) of
                %% The step that names this socket has not answered yet: look again when it has.
                true -> put(scan, {N, Seen, Bytes}), false;
                false when Seen < From -> scan(Actor, Until, From, N + 1, Seen + 1, Bytes, Count);
                false ->
                    case satisfies(Until, name(Msg), Seen - From, Bytes) of
                        {true, _} -> put(cursors, maps:put(Actor, Seen + 1, get(cursors))), true;
                        {false, Bytes1} -> scan(Actor, Until, From, N + 1, Seen + 1, Bytes1, Count)
                    end
            end;
        _ -> scan(Actor, Until, From, N + 1, Seen, Bytes, Count)
    end.

satisfies({count, C}, _, Nth, B) -> {Nth + 1 >= C, B};
satisfies({bytes, Want, Sock}, Named, _, B) ->
    B1 = case Named of
             {tcp, {'$sock', Sock}, D} when is_binary(D) -> B + byte_size(D);
             {tcp, {'$sock', Sock}, D} when is_list(D) -> B + length(element(1, split_list(D)));
             _ -> B
         end,
    {B1 >= Want, B1};
satisfies({message, Pattern}, Named, _, B) -> {match(Pattern, Named), B}.

%% Erlang-style match on named terms: the atom '_' matches anything.
match('_', _) -> true;
match(P, T) when is_tuple(P) ->
    is_tuple(T) andalso tuple_size(T) =:= tuple_size(P) andalso match_all(tuple_to_list(P), tuple_to_list(T));
match(P, T) when is_list(P) ->
    is_list(T) andalso begin
        {PI, PT} = split_list(P),
        {TI, TT} = split_list(T),
        length(PI) =:= length(TI) andalso match_all(PI, TI) andalso
            case PT of [] -> TT =:= []; _ -> TT =/= [] andalso match(PT, TT) end
    end;
match(P, T) -> P =:= T.

match_all(Ps, Ts) -> lists:all(fun({P, T}) -> match(P, T) end, lists:zip(Ps, Ts)).

%% --- the coordinator's bookkeeping ---------------------------------------------------

begin_step(I) ->
    case get(stopped) of
        true -> false;
        false ->
            #{budget_end := End, budget := Budget} = get(conf),
            case clock() > End of
                true ->
                    add_error(io_lib:format("the scenario ran past its budget of ~b ms before step ~b", [Budget, I])),
                    put(stopped, true),
                    false;
                false ->
                    put(steps, maps:put(I, #{status => pending, t0 => now_ms()}, get(steps))),
                    true
            end
    end.

end_step(I, Value) ->
    update_step(I, #{status => done, result => {return, Value}, t1 => now_ms()}),
    true.

fail_step(I, Why) ->
    Text = iolist_to_binary(Why),
    update_step(I, #{status => error, error => Text}),
    add_error(Text),
    put(stopped, true).

update_step(I, Fields) ->
    Steps = get(steps),
    put(steps, Steps#{I => maps:merge(maps:get(I, Steps), Fields)}).

step_done(I) -> maps:get(status, maps:get(I, get(steps))) =/= pending.

add_error(Text) -> put(errors, [iolist_to_binary(Text) | get(errors)]).

%% Handles whatever arrives (trace messages, step results, actor exits) until
%% Cond() holds or the deadline passes; returns whether Cond() held.
wait_until(Cond, Deadline) ->
    case Cond() of
        true -> true;
        false ->
            receive
                M -> handle(M), wait_until(Cond, Deadline)
            after max(0, Deadline - clock()) -> Cond()
            end
    end.

%% Nothing is recorded once the run is over.
handle(M) ->
    case get(closed) of
        true -> ok;
        false -> handle1(M)
    end.

handle1({trace_ts, Pid, 'receive', Msg, Ts}) ->
    case is_socket_message(Msg) of
        true ->
            N = get(nmsgs),
            put({msg, N}, {actor_name(Pid), ms(Ts, base()), Msg}),
            put(nmsgs, N + 1);
        false -> ok
    end;
handle1({'$repro_done', I, Result, T0, T1}) ->
    put(running, maps:remove(I, get(running))),
    case maps:get(status, maps:get(I, get(steps))) of
        pending ->
            case Result of
                {fault, Why} -> fail_step(I, Why);
                _ -> update_step(I, #{status => done, result => Result, t0 => T0, t1 => T1})
            end;
        _ -> ok
    end;
handle1({'DOWN', _, process, Pid, Reason}) ->
    case actor_name(Pid) of
        undefined -> ok;
        Name ->
            T = now_ms(),
            put(exits, [{Name, T, Reason} | get(exits)]),
            %% A step that was running in the dead actor still gets an answer.
            [handle1({'$repro_done', I, {exited, Reason}, T, T}) || {I, A} <- maps:to_list(get(running)), A =:= Name],
            ok
    end;
handle1(_) -> ok.

%% What the harness records: socket messages only.
is_socket_message({tcp, _, _}) -> true;
is_socket_message({tcp_closed, _}) -> true;
is_socket_message({tcp_error, _, _}) -> true;
is_socket_message({tcp_passive, _}) -> true;
is_socket_message({http, _, _}) -> true;
is_socket_message({P, {data, _}}) when is_port(P) -> true;
is_socket_message({{'$inet', _, _}, {data, _}}) -> true;
is_socket_message(_) -> false.

is_socket(P) when is_port(P) -> true;
is_socket({'$inet', _, _}) -> true;
is_socket(_) -> false.

%% --- names: sockets, pids and port numbers after the scenario's names ------------------

actor_name(Pid) ->
    case [N || {N, P} <- ets:tab2list(repro_actors), P =:= Pid] of
        [N | _] -> N;
        [] -> undefined
    end.

%% As the harness's naming (harness/compare/naming.ts): a socket takes the last name bound
%% to it; a port number keeps the first (a listener and the sockets it accepts share its port).
sock_name(Sock) -> bound(fun({_, S, _, _}) -> S =:= Sock end, last, undefined).
port_name(Port) -> bound(fun({_, _, P, _}) -> P =:= Port end, first, '?').

bound(Pred, Which, None) ->
    case lists:keysort(4, [B || B <- ets:tab2list(repro_socks), Pred(B)]) of
        [] -> None;
        Bs when Which =:= first -> element(1, hd(Bs));
        Bs -> element(1, lists:last(Bs))
    end.

has_unnamed_socket(T) ->
    case is_socket(T) of
        true -> sock_name(T) =:= undefined;
        false when is_tuple(T) -> lists:any(fun has_unnamed_socket/1, tuple_to_list(T));
        false when is_list(T) -> lists:any(fun has_unnamed_socket/1, element(1, split_list(T)));
        false -> false
    end.

%% The term with sockets, pids and {Ip, Port} port numbers by name.
name(T) ->
    case is_socket(T) of
        true ->
            case sock_name(T) of
                undefined -> {'$rawsock', T};
                N -> {'$sock', N}
            end;
        false -> name1(T)
    end.

name1(P) when is_pid(P) ->
    case actor_name(P) of
        undefined -> {'$rawpid', P};
        N -> {'$pid', N}
    end;
name1({Ip, Port} = T) when is_tuple(Ip), is_integer(Port) ->
    case (tuple_size(Ip) =:= 4 orelse tuple_size(Ip) =:= 8) andalso lists:all(fun is_integer/1, tuple_to_list(Ip)) of
        true -> {Ip, {'$port', port_name(Port)}};
        false -> list_to_tuple([name(X) || X <- tuple_to_list(T)])
    end;
name1(T) when is_tuple(T) -> list_to_tuple([name(X) || X <- tuple_to_list(T)]);
name1([H | T]) -> [name(H) | name(T)];
name1(M) when is_map(M) -> maps:from_list([{name(K), name(V)} || {K, V} <- maps:to_list(M)]);
name1(X) -> X.

split_list(L) -> split_list(L, []).
split_list([H | T], Acc) -> split_list(T, [H | Acc]);
split_list(Tail, Acc) -> {lists:reverse(Acc), Tail}.

%% --- the clock ---------------------------------------------------------------------------

base() -> maps:get(base, get(conf)).
clock() -> erlang:monotonic_time(millisecond).
now_ms() -> ms(erlang:monotonic_time(), base()).
ms(T, Base) -> round(erlang:convert_time_unit(T - Base, native, microsecond) / 100) / 10.

%% --- output: one JSON object a line, terms in the harness's JSON form (harness/term/json.ts) ---

print_trace() ->
    #{scenario := Id, backend := Backend} = Conf = get(conf),
    Rel = erlang:system_info(otp_release),
    Vsn = case file:read_file(filename:join([code:root_dir(), "releases", Rel, "OTP_VERSION"])) of
              {ok, V} -> string:trim(V);
              _ -> list_to_binary(Rel)
          end,
    out([{<<"repro">>, jstr(<<"gentcp">>)}, {<<"impl">>, jstr(<<"erlang">>)}, {<<"scenario">>, jstr(Id)},
         {<<"backend">>, jatom(Backend)}, {<<"otp">>, jstr(list_to_binary(Rel))}, {<<"otpVersion">>, jstr(Vsn)},
         {<<"durationMs">>, jnum(round(now_ms()))}]),
    [out([{<<"bind">>, jatom(N)}, {<<"port">>, json(P)}])
     || {N, _, P, _} <- lists:keysort(4, ets:tab2list(repro_socks))],
    [out([{<<"path">>, jatom(P)}, {<<"file">>, jstr(path_file(P))}]) || P <- maps:get(paths, Conf)],
    PortSteps = maps:get(port_steps, Conf),
    [out([{<<"step">>, jnum(I)}, {<<"status">>, jatom(maps:get(status, S))}]
         ++ [{<<"result">>, result_json(lists:member(I, PortSteps), R)} || {ok, R} <- [maps:find(result, S)]]
         ++ [{<<"error">>, jstr(E)} || {ok, E} <- [maps:find(error, S)]]
         ++ [{K, jnum(T)} || K <- [t0, t1], {ok, T} <- [maps:find(K, S)]])
     || {I, S} <- lists:keysort(1, maps:to_list(get(steps)))],
    [out([{<<"msg">>, json(name(M))}, {<<"actor">>, jatom(A)}, {<<"t">>, jnum(T)}])
     || N <- lists:seq(0, get(nmsgs) - 1), {A, T, M} <- [get({msg, N})]],
    [out([{<<"exit">>, jatom(A)}, {<<"reason">>, json(name(R))}, {<<"t">>, jnum(T)}]) || {A, T, R} <- lists:reverse(get(exits))],
    [out([{<<"error">>, jstr(E)}]) || E <- lists:reverse(get(errors))],
    ok.

%% inet:port/1 answers a bare number: it is named after its socket.
result_json(true, {return, {ok, N}}) when is_integer(N) -> json({ok, {'$port', port_name(N)}});
result_json(_, {return, V}) -> json(name(V));
result_json(_, {raise, Class, Reason}) -> jobj([{<<"raise">>, jatom(Class)}, {<<"reason">>, json(name(Reason))}]);
result_json(_, {exited, Reason}) -> jobj([{<<"exited">>, json(name(Reason))}]).

out(Fields) -> io:put_chars([jobj(Fields), $\n]).

jobj(Fields) -> [${"$"}{, lists:join($,, [[jstr(atom_to_binary_(K)), $:, V] || {K, V} <- Fields]), $}].

atom_to_binary_(K) when is_atom(K) -> atom_to_binary(K, utf8);
atom_to_binary_(K) -> K.

jnum(N) when is_integer(N) -> integer_to_binary(N);
jnum(F) when is_float(F) -> float_to_binary(F, [short]).

json({'$sock', N}) -> jobj([{<<"sock">>, jatom(N)}]);
json({'$rawsock', S}) -> jobj([{<<"rawsock">>, jstr(iolist_to_binary(io_lib:format("~w", [S])))}]);
json({'$pid', N}) -> jobj([{<<"pid">>, jatom(N)}]);
json({'$rawpid', P}) -> jobj([{<<"rawpid">>, jstr(list_to_binary(pid_to_list(P)))}]);
json({'$port', N}) -> jobj([{<<"portOf">>, jatom(N)}]);
json(A) when is_atom(A) -> jatom(A);
json(I) when is_integer(I), abs(I) =< ?SAFE_INT -> integer_to_binary(I);
json(I) when is_integer(I) -> jobj([{<<"int">>, jstr(integer_to_binary(I))}]);
json(F) when is_float(F) -> jobj([{<<"float">>, jnum(F)}]);
json(B) when is_binary(B) -> jobj([{<<"bin">>, jstr(B)}]);
json([]) -> jobj([{<<"list">>, <<"[]">>}]);
json(L) when is_list(L) ->
    case lists:all(fun(C) -> is_integer(C) andalso C >= 0 andalso C =< 255 end, element(1, split_list(L))) andalso element(2, split_list(L)) =:= [] of
        true -> jobj([{<<"str">>, jstr(list_to_binary(L))}]);
        false ->
            {Items, Tail} = split_list(L),
            jobj([{<<"list">>, jarr([json(X) || X <- Items])}] ++ [{<<"tail">>, json(Tail)} || Tail =/= []])
    end;
json(T) when is_tuple(T) -> jarr([json(X) || X <- tuple_to_list(T)]);
json(M) when is_map(M) -> jobj([{<<"map">>, jarr([jarr([json(K), json(V)]) || {K, V} <- maps:to_list(M)])}]);
json(P) when is_pid(P) -> json({'$rawpid', P});
json(P) when is_port(P) -> json({'$rawsock', P});
json(R) when is_reference(R) -> jobj([{<<"rawref">>, jstr(list_to_binary(ref_to_list(R)))}]);
json(X) -> jobj([{<<"opaque">>, jstr(iolist_to_binary(io_lib:format("~w", [X])))}]).

jarr(Items) -> [$[, lists:join($,, Items), $]].

jatom(A) -> jstr(unicode:characters_to_list(atom_to_binary(A, utf8))).

%% A JSON string: binaries are latin1 bytes, lists unicode code points; the output stays ASCII.
jstr(B) when is_binary(B) ->
    T = esc_table(),
    [$", << <<(element(C + 1, T))/binary>> || <<C>> <= B >>, $"];
jstr(L) when is_list(L) -> [$", [jchar(C) || C <- L], $"].

jchar(C) when C < 256 -> element(C + 1, esc_table());
jchar(C) when C < 16#10000 -> io_lib:format("\\u~4.16.0b", [C]);
jchar(C) -> D = C - 16#10000, [jchar(16#D800 + (D bsr 10)), jchar(16#DC00 + (D band 16#3FF))].

esc_table() ->
    case get(esc_table) of
        undefined ->
            T = list_to_tuple([esc(C) || C <- lists:seq(0, 255)]),
            put(esc_table, T),
            T;
        T -> T
    end.

esc($") -> <<"\\\"">>;
esc($\\) -> <<"\\\\">>;
esc(C) when C >= 32, C < 127 -> <<C>>;
esc(C) -> iolist_to_binary(io_lib:format("\\u~4.16.0b", [C])).
`;
