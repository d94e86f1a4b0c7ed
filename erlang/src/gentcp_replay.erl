%% A repro bundle's replay on real Erlang, with no harness and no control connection:
%%     escript repro.escript [inet|socket]
%% It stands where the harness stands on the driver's control connection, with the driver's own
%% run (gentcp_run) and actors (gentcp_actor): it makes the requests the harness makes, runs the
%% steps of the bundle's replay.json in order with their budgets (harness/repro/plan.ts wrote them
%% from harness/scenario/budgets.ts), waits, awaits and joins, and prints the run as JSON lines.
%% Terms are printed raw, with the binds that name them: harness/repro/read.ts reads the lines and
%% names them as the harness does.
-module(gentcp_replay).
-export([main/2]).

-define(RUN, 1).

-record(st, {
    run,               % the gentcp_run process
    base,              % when the replay started (monotonic, native)
    plan,
    backend,           % the subject sockets' inet_backend
    next_id = 1,       % of the next request to the run
    replies = #{},     % request id => reply, for spawn and kill
    pending = #{},     % request id => the step index of a call in flight
    steps = #{},       % step index => #{status, t0, t1, result | error}
    nowait = #{},      % nowait id => step index
    pids = [],         % [{Actor, Pid}]
    binds = [],        % [{Name, Sock, Port, Actor}], in bind order
    nmsgs = 0,         % messages are {msg, N} => {Actor, T, Msg} in the process dictionary
    exits = [],        % [{Actor, T, Reason}], newest first
    errors = [],       % newest first
    cursors = #{},     % Actor => how many of its messages its last await got past
    scan,              % the await in progress: {Scanned, Seen, Bytes}
    stopped = false,   % a step failed or the budget ran out: no more steps
    closed = false     % the run is over: nothing more is recorded
}).

main(Dir, Args) ->
    {ok, Json} = file:read_file(filename:join(Dir, "replay.json")),
    Plan = gentcp_json:decode(Json),
    Backend = case Args of
                  [] -> binary_to_atom(get(<<"erlangBackend">>, Plan), utf8);
                  ["inet" | _] -> inet;
                  ["socket" | _] -> socket;
                  _ -> io:format(standard_error, "usage: escript repro.escript [inet|socket]~n", []), halt(2)
              end,
    Rel = erlang:system_info(otp_release),
    case binary_to_list(get(<<"otp">>, Plan)) of
        Rel -> ok;
        Want -> io:format(standard_error, "note: the case was recorded against OTP ~s; this is OTP ~s~n", [Want, Rel])
    end,
    %% stdout is the trace's: the logger's reports (a port's "Bad value on output port", say) go to stderr.
    _ = logger:remove_handler(default),
    _ = logger:add_handler(default, logger_std_h, #{config => #{type => standard_error}}),
    process_flag(trap_exit, true),
    St0 = #st{run = gentcp_run:start_link(?RUN, self()), base = erlang:monotonic_time(), plan = Plan, backend = Backend},
    Deadline = clock() + get(<<"budgetMs">>, Plan),
    St0k = lists:foldl(fun({K, V}, S) -> kernel_env(K, V, S) end, St0, maps:to_list(maps:get(<<"kernel">>, Plan, #{}))),
    St1 = lists:foldl(fun(A, S) -> start_actor(A, S) end, St0k,
                      [get(<<"name">>, A) || A <- get(<<"actors">>, Plan), get(<<"start">>, A) =:= <<"run">>]),
    Steps = get(<<"steps">>, Plan),
    St2 = run_steps(lists:zip(lists:seq(0, length(Steps) - 1), Steps), Deadline, St1),
    {_, St3} = wait_until(fun(S) -> {false, S} end, clock() + get(<<"settleMs">>, Plan), St2),
    St4 = St3#st{closed = true},
    gentcp_run:stop(St4#st.run),
    print(St4),
    [file:delete(path_file(P)) || P <- get(<<"paths">>, Plan)],
    halt(0).

get(Key, Map) -> maps:get(Key, Map).

%% --- steps -------------------------------------------------------------------

run_steps([], _, St) -> St;
run_steps(_, _, St = #st{stopped = true}) -> St;
run_steps([{I, Step} | Rest], Deadline, St) ->
    case clock() > Deadline of
        true ->
            add_error(io_lib:format("the scenario ran past its budget of ~b ms before step ~b", [get(<<"budgetMs">>, St#st.plan), I]),
                      St#st{stopped = true});
        false ->
            St1 = set_step(I, #{status => pending, t0 => now_ms(St)}, St),
            run_steps(Rest, Deadline, step(I, get(<<"op">>, Step), Step, St1))
    end.

step(I, <<"spawn">>, #{<<"actor">> := A}, St) ->
    done(I, ok, start_actor(A, St));
step(I, <<"kill">>, #{<<"actor">> := A, <<"reason">> := R}, St) ->
    {Reply, St1} = call({kill, ?RUN, A, term(R, fun pattern/1)}, St),
    case Reply of
        ok -> done(I, ok, St1);
        _ -> fail_step(I, io_lib:format("step ~b: kill ~s: ~0p", [I, A, Reply]), St1)
    end;
step(I, <<"wait">>, #{<<"ms">> := Ms}, St) ->
    {_, St1} = wait_until(fun(S) -> {false, S} end, clock() + Ms, St),
    done(I, ok, St1);
step(I, <<"await">>, #{<<"actor">> := A, <<"until">> := U, <<"timeout">> := T, <<"since">> := Since}, St) ->
    From = case Since of <<"start">> -> 0; <<"last">> -> maps:get(A, St#st.cursors, 0) end,
    Until = case U of
                #{<<"message">> := P} -> {message, term(P, fun pattern/1)};
                #{<<"count">> := N} -> {count, N};
                #{<<"bytes">> := N, <<"socket">> := S} -> {bytes, N, S};
                #{<<"exited">> := _} -> exited
            end,
    Cond = case Until of
               exited -> fun(S) -> {lists:keymember(A, 1, S#st.exits), S} end;
               _ -> fun(S) -> scan(A, Until, From, S) end
           end,
    {Found, St1} = wait_until(Cond, clock() + T, St#st{scan = {0, 0, 0}}),
    done(I, case Found of true -> ok; false -> timeout end, St1);
step(I, <<"join">>, #{<<"ids">> := Ids, <<"timeout">> := T}, St) ->
    Done = fun(Id, S) -> step_done(maps:get(Id, S#st.nowait), S) end,
    {_, St1} = wait_until(fun(S) -> {lists:all(fun(Id) -> Done(Id, S) end, Ids), S} end, clock() + T, St),
    done(I, case [binary_to_atom(Id, utf8) || Id <- Ids, not Done(Id, St1)] of [] -> ok; Left -> {pending, Left} end, St1);
step(I, Op, Step = #{<<"actor">> := A, <<"args">> := Args}, St) ->
    %% A socket no step of this run bound (its call failed here): the step cannot be made.
    case [N || N <- sock_refs(Args), not lists:keymember(N, 1, St#st.binds)] of
        [N | _] ->
            T = now_ms(St),
            set_step(I, #{status => done, result => {return, {'$gentcp_unbound_socket', binary_to_atom(N, utf8)}}, t0 => T, t1 => T}, St);
        [] ->
            try [term(X, fun(P) -> arg(P, St) end) || X <- Args] of
                Terms -> exec(I, A, Op, with_backend(Terms, Step, St), Step, St)
            catch throw:{no_port, N} ->
                fail_step(I, io_lib:format("steps[~b]: socket ~s has no port (its step did not return {ok, Socket})", [I, N]), St)
            end
    end.

exec(I, A, Op, Args, Step, St) ->
    Opts = case maps:find(<<"as">>, Step) of {ok, As} -> #{as => As}; error -> #{} end,
    {Id, St1} = request({exec, ?RUN, A, Op, Args, Opts}, St),
    St2 = St1#st{pending = (St1#st.pending)#{Id => I}},
    case Step of
        #{<<"nowait">> := NowaitId} -> St2#st{nowait = (St2#st.nowait)#{NowaitId => I}};
        #{<<"budgetMs">> := Budget} ->
            case wait_until(fun(S) -> {step_done(I, S), S} end, clock() + Budget, St2) of
                {true, St3} -> St3;
                {false, St3} -> fail_step(I, io_lib:format("step ~b (~s: ~s) did not finish within its budget of ~b ms", [I, A, Op, Budget]), St3)
            end
    end.

%% Listen and connect options get {inet_backend, B} first, as the harness gives them (only a proper list).
with_backend(Args, #{<<"backendAt">> := K, <<"side">> := Side}, St) ->
    {Before, [Opts | After]} = lists:split(K, Args),
    B = case Side of
            <<"subject">> -> St#st.backend;
            <<"peer">> -> binary_to_atom(get(<<"peerBackend">>, St#st.plan), utf8)
        end,
    case is_list(Opts) andalso proper(Opts) of
        true -> Before ++ [[{inet_backend, B} | Opts] | After];
        false -> Args
    end;
with_backend(Args, _, _) -> Args.

proper([]) -> true;
proper([_ | T]) -> proper(T);
proper(_) -> false.

%% The scenario's kernel defaults, set by the run (which puts the old ones back when it stops).
kernel_env(Key, Value, St) ->
    case call({kernel_env, ?RUN, binary_to_atom(Key, utf8), term(Value, fun(_) -> throw(no_placeholders) end)}, St) of
        {ok, St1} -> St1;
        {Reply, St1} -> add_error(io_lib:format("kernel ~s: ~0p", [Key, Reply]), St1#st{stopped = true})
    end.

start_actor(Name, St) ->
    case call({spawn, ?RUN, Name}, St) of
        {{ok, Pid}, St1} -> St1#st{pids = St1#st.pids ++ [{Name, Pid}]};
        {Reply, St1} -> add_error(io_lib:format("spawn ~s: ~0p", [Name, Reply]), St1#st{stopped = true})
    end.

%% A request the run answers at once (spawn, kill); the scenario's budget bounds the wait all the same.
call(Req, St) ->
    {Id, St1} = request(Req, St),
    Deadline = clock() + get(<<"budgetMs">>, St#st.plan),
    {_, St2} = wait_until(fun(S) -> {maps:is_key(Id, S#st.replies) orelse S#st.stopped, S} end, Deadline, St1),
    {maps:get(Id, St2#st.replies, no_answer), St2}.

request(Req, St = #st{next_id = Id}) ->
    St#st.run ! {request, Id, Req},
    {Id, St#st{next_id = Id + 1}}.

%% --- the step table ------------------------------------------------------------

set_step(I, Fields, St) ->
    St#st{steps = maps:update_with(I, fun(S) -> maps:merge(S, Fields) end, Fields, St#st.steps)}.

done(_, _, St = #st{stopped = true}) -> St;
done(I, Value, St) -> set_step(I, #{status => done, result => {return, Value}, t1 => now_ms(St)}, St).

fail_step(I, Why, St) ->
    Text = unicode:characters_to_binary(Why),
    add_error(Text, set_step(I, #{status => error, error => Text}, St#st{stopped = true})).

add_error(Text, St) -> St#st{errors = [unicode:characters_to_binary(Text) | St#st.errors]}.

step_done(I, St) -> maps:get(status, maps:get(I, St#st.steps)) =/= pending.

%% --- what arrives ------------------------------------------------------------------

%% Handles whatever arrives until Cond holds or the deadline passes; {whether Cond held, state}.
wait_until(Cond, Deadline, St) ->
    case Cond(St) of
        {true, St1} -> {true, St1};
        {false, St1} ->
            receive
                M -> wait_until(Cond, Deadline, handle(M, St1))
            after timeout(Deadline) -> Cond(St1)
            end
    end.

timeout(Deadline) -> max(0, Deadline - clock()).

handle({out, {resp, Id, Reply}}, St) ->
    case maps:take(Id, St#st.pending) of
        {I, Pending} -> answered(I, Reply, St#st{pending = Pending});
        error -> St#st{replies = (St#st.replies)#{Id => Reply}}
    end;
handle(_, St = #st{closed = true}) -> St;
handle({out, {event, ?RUN, {msg, A, Us, Msg}}}, St = #st{nmsgs = N}) ->
    put({msg, N}, {A, us_ms(Us), Msg}),
    St#st{nmsgs = N + 1};
handle({out, {event, ?RUN, {exit, A, Us, Reason}}}, St) ->
    St#st{exits = [{A, us_ms(Us), Reason} | St#st.exits]};
handle({'EXIT', Run, Reason}, St = #st{run = Run}) when Reason =/= normal ->
    add_error(io_lib:format("the run coordinator crashed: ~0p", [Reason]), St#st{stopped = true});
handle(_, St) -> St.

answered(I, {done, Result, T0, T1, Binds}, St) ->
    A = get(<<"actor">>, lists:nth(I + 1, get(<<"steps">>, St#st.plan))),
    St1 = St#st{binds = St#st.binds ++ [{Name, Sock, Port, A} || {Name, Sock, Port} <- Binds]},
    %% A call still running when the run ended stays pending: what stopping the run did to it is not its result.
    case step_done(I, St1) orelse St1#st.closed of
        true -> St1;
        false -> set_step(I, #{status => done, result => Result, t0 => us_ms(T0), t1 => us_ms(T1)}, St1)
    end;
answered(I, Reply, St) ->
    fail_step(I, io_lib:format("step ~b: the run answered ~0p", [I, Reply]), St).

%% --- await -----------------------------------------------------------------------

%% Looks at each message once, as the harness's recorder does: {Scanned, Seen (this actor's), Bytes}.
scan(A, Until, From, St = #st{scan = {N, Seen, Bytes}, nmsgs = Count}) when N < Count ->
    Next = fun(Seen1, Bytes1) -> scan(A, Until, From, St#st{scan = {N + 1, Seen1, Bytes1}}) end,
    case get({msg, N}) of
        {A, _, Msg} ->
            case has_unnamed_socket(Msg, St) of
                %% The step that names this socket has not answered yet: look again when it has.
                true -> {false, St};
                false when Seen < From -> Next(Seen + 1, Bytes);
                false ->
                    case satisfies(Until, name(Msg, St), Seen - From, Bytes) of
                        {true, _} -> {true, St#st{cursors = (St#st.cursors)#{A => Seen + 1}}};
                        {false, Bytes1} -> Next(Seen + 1, Bytes1)
                    end
            end;
        _ -> Next(Seen, Bytes)
    end;
scan(_, _, _, St) -> {false, St}.

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

%% --- names, for await: as the harness's (harness/compare/naming.ts) --------------------

%% A socket takes the last name bound to it; a port number the first (a listener and the sockets it accepts share it).
sock_name(Sock, St) -> lists:foldl(fun({N, S, _, _}, Acc) -> if S =:= Sock -> N; true -> Acc end end, undefined, St#st.binds).
port_name(Port, St) -> case lists:keyfind(Port, 3, St#st.binds) of {N, _, _, _} -> N; false -> <<"?">> end.

has_unnamed_socket(T, St) ->
    case is_socket(T) of
        true -> sock_name(T, St) =:= undefined;
        false when is_tuple(T) -> lists:any(fun(X) -> has_unnamed_socket(X, St) end, tuple_to_list(T));
        false when is_list(T) -> lists:any(fun(X) -> has_unnamed_socket(X, St) end, element(1, split_list(T)));
        false -> false
    end.

%% The term with sockets, actors' pids and the port numbers of {Ip, Port} by name.
name(T, St) ->
    case is_socket(T) of
        true -> case sock_name(T, St) of undefined -> T; N -> {'$sock', N} end;
        false -> name1(T, St)
    end.

name1(R, St) when is_reference(R) ->
    case lists:keyfind(R, 2, St#st.binds) of {N, _, _, _} -> {'$ref', N}; false -> R end;
name1(P, St) when is_pid(P) ->
    case lists:keyfind(P, 2, St#st.pids) of {N, _} -> {'$pid', N}; false -> P end;
name1({Ip, Port}, St) when is_tuple(Ip), is_integer(Port), (tuple_size(Ip) =:= 4 orelse tuple_size(Ip) =:= 8) ->
    case lists:all(fun is_integer/1, tuple_to_list(Ip)) of
        true -> {Ip, {'$port', port_name(Port, St)}};
        false -> {name(Ip, St), Port}
    end;
name1(T, St) when is_tuple(T) -> list_to_tuple([name(X, St) || X <- tuple_to_list(T)]);
name1([H | T], St) -> [name(H, St) | name(T, St)];
name1(M, St) when is_map(M) -> maps:from_list([{name(K, St), name(V, St)} || {K, V} <- maps:to_list(M)]);
name1(X, _) -> X.

is_socket(P) when is_port(P) -> true;
is_socket({'$inet', _, _}) -> true;
is_socket(_) -> false.

split_list(L) -> split_list(L, []).
split_list([H | T], Acc) -> split_list(T, [H | Acc]);
split_list(Tail, Acc) -> {lists:reverse(Acc), Tail}.

%% --- terms from the plan (the harness's JSON form, harness/term/json.ts) ----------------

%% Placeholders: sockets and pids as the run resolves them ({'$sock', Name}, {'$pid', Name}),
%% the rest by Placeholder: a step's argument (arg/2) or an await's pattern (pattern/1).
term(true, _) -> true;
term(false, _) -> false;
term(null, _) -> undefined;
term(B, _) when is_binary(B) -> binary_to_atom(B, utf8);
term(N, _) when is_integer(N) -> N;
term(L, P) when is_list(L) -> list_to_tuple([term(X, P) || X <- L]);
term(#{<<"list">> := L} = M, P) ->
    Tail = case maps:find(<<"tail">>, M) of {ok, T} -> term(T, P); error -> [] end,
    lists:foldr(fun(X, Acc) -> [term(X, P) | Acc] end, Tail, L);
term(#{<<"str">> := S}, _) -> unicode:characters_to_list(S, utf8);
term(#{<<"bin">> := S}, _) -> unicode:characters_to_binary(S, utf8, latin1);
term(#{<<"float">> := F}, _) -> float(F);
term(#{<<"int">> := I}, _) -> binary_to_integer(I);
term(#{<<"map">> := KVs}, P) -> maps:from_list([{term(K, P), term(V, P)} || [K, V] <- KVs]);
term(#{<<"sock">> := N}, _) -> {'$sock', N};
term(#{<<"pid">> := N}, _) -> {'$pid', N};
term(#{<<"ref">> := N}, _) -> {'$ref', N};
term(#{<<"portOf">> := N}, P) -> P({port, N});
term(#{<<"fill">> := N}, P) -> P({fill, N});
term(#{<<"path">> := N}, P) -> P({path, N}).

%% The run makes a fill of N bytes itself; a port number and a unix socket path are the replay's.
arg({fill, N}, _) -> {'$fill', N};
arg({path, N}, _) -> {local, path_file(N)};
arg({port, N}, St) ->
    case lists:keyfind(N, 1, St#st.binds) of
        {_, _, Port, _} when is_integer(Port) -> Port;
        _ -> throw({no_port, N})
    end.

pattern({port, N}) -> {'$port', N}.

sock_refs(J) when is_list(J) -> lists:flatmap(fun sock_refs/1, J);
sock_refs(#{<<"sock">> := N}) -> [N];
sock_refs(#{<<"ref">> := N}) -> [N];
sock_refs(#{<<"list">> := L} = M) -> sock_refs(L) ++ sock_refs(maps:get(<<"tail">>, M, []));
sock_refs(_) -> [].

%% A per-run unix socket path.
path_file(Name) ->
    Dir = case os:getenv("TMPDIR") of false -> "/tmp"; "" -> "/tmp"; D -> D end,
    Key = case get(path_key) of
              undefined -> K = os:getpid() ++ "-" ++ integer_to_list(erlang:system_time(millisecond)), put(path_key, K), K;
              K -> K
          end,
    iolist_to_binary([Dir, "/gentcp-repro-", Key, "-", Name, ".sock"]).

%% --- the clock ------------------------------------------------------------------------

clock() -> erlang:monotonic_time(millisecond).
now_ms(#st{base = Base}) -> round(erlang:convert_time_unit(erlang:monotonic_time() - Base, native, microsecond) / 100) / 10.
us_ms(Us) when is_integer(Us) -> round(Us / 100) / 10.

%% --- output: one JSON object a line (harness/repro/read.ts) -----------------------------

print(St = #st{plan = Plan}) ->
    Rel = erlang:system_info(otp_release),
    Vsn = case file:read_file(filename:join([code:root_dir(), "releases", Rel, "OTP_VERSION"])) of
              {ok, V} -> string:trim(V);
              _ -> list_to_binary(Rel)
          end,
    out([{<<"repro">>, <<"gentcp">>}, {<<"impl">>, <<"erlang">>}, {<<"scenario">>, chars(get(<<"scenario">>, Plan))},
         {<<"backend">>, chars(St#st.backend)}, {<<"otp">>, list_to_binary(Rel)}, {<<"otpVersion">>, Vsn},
         {<<"durationMs">>, round(now_ms(St))}]),
    [out([{<<"spawned">>, chars(A)}, {<<"pid">>, json(Pid)}]) || {A, Pid} <- St#st.pids],
    [out(bind_line(B)) || B <- St#st.binds],
    [out([{<<"path">>, chars(P)}, {<<"file">>, path_file(P)}]) || P <- get(<<"paths">>, Plan)],
    [out([{<<"step">>, I}, {<<"status">>, chars(maps:get(status, S))}]
         ++ [{<<"result">>, result(R)} || {ok, R} <- [maps:find(result, S)]]
         ++ [{<<"error">>, {chars, E}} || {ok, E} <- [maps:find(error, S)]]
         ++ [{atom_to_binary(K, utf8), T} || K <- [t0, t1], {ok, T} <- [maps:find(K, S)]])
     || {I, S} <- lists:keysort(1, maps:to_list(St#st.steps))],
    [out([{<<"msg">>, json(M)}, {<<"actor">>, chars(A)}, {<<"t">>, T}]) || N <- lists:seq(0, St#st.nmsgs - 1), {A, T, M} <- [get({msg, N})]],
    [out([{<<"exit">>, chars(A)}, {<<"reason">>, json(R)}, {<<"t">>, T}]) || {A, T, R} <- lists:reverse(St#st.exits)],
    [out([{<<"error">>, {chars, E}}]) || E <- lists:reverse(St#st.errors)],
    ok.

%% A socket a step named, or a monitor's reference.
bind_line({N, R, _, A}) when is_reference(R) -> [{<<"bindRef">>, chars(N)}, {<<"ref">>, json(R)}, {<<"actor">>, chars(A)}];
bind_line({N, S, P, A}) -> [{<<"bind">>, chars(N)}, {<<"sock">>, json(S)}, {<<"port">>, json(P)}, {<<"actor">>, chars(A)}].

result({return, V}) -> json(V);
result({raise, Class, Reason}) -> {obj, [{<<"raise">>, chars(Class)}, {<<"reason">>, json(Reason)}]};
result({exited, Reason}) -> {obj, [{<<"exited">>, json(Reason)}]}.

out(Fields) -> io:put_chars([gentcp_json:encode({obj, Fields}), $\n]).

chars(A) when is_atom(A) -> {chars, atom_to_binary(A, utf8)};
chars(B) when is_binary(B) -> {chars, B}.

text(T) -> {chars, iolist_to_binary(io_lib:format("~w", [T]))}.

%% A term in the harness's JSON form; sockets, pids and refs raw, by their printed text.
json(S) when is_port(S); is_tuple(S), tuple_size(S) =:= 3, element(1, S) =:= '$inet' -> {obj, [{<<"rawsock">>, text(S)}]};
json(P) when is_pid(P) -> {obj, [{<<"rawpid">>, text(P)}]};
json(R) when is_reference(R) -> {obj, [{<<"rawref">>, text(R)}]};
json(A) when is_atom(A) -> chars(A);
json(I) when is_integer(I), abs(I) =< 9007199254740991 -> I;
json(I) when is_integer(I) -> {obj, [{<<"int">>, integer_to_binary(I)}]};
json(F) when is_float(F) -> {obj, [{<<"float">>, F}]};
json(B) when is_binary(B) -> {obj, [{<<"bin">>, B}]};
json([]) -> {obj, [{<<"list">>, []}]};
json(L) when is_list(L) ->
    case split_list(L) of
        {Items, []} ->
            case lists:all(fun(C) -> is_integer(C) andalso C >= 0 andalso C =< 255 end, Items) of
                true -> {obj, [{<<"str">>, list_to_binary(Items)}]};
                false -> {obj, [{<<"list">>, [json(X) || X <- Items]}]}
            end;
        {Items, Tail} -> {obj, [{<<"list">>, [json(X) || X <- Items]}, {<<"tail">>, json(Tail)}]}
    end;
json(T) when is_tuple(T) -> [json(X) || X <- tuple_to_list(T)];
json(M) when is_map(M) -> {obj, [{<<"map">>, [[json(K), json(V)] || {K, V} <- maps:to_list(M)]}]};
json(X) -> {obj, [{<<"opaque">>, text(X)}]}.
