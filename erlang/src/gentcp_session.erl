%% One control connection from the harness: checks the token, decodes requests
%% (data only: binary_to_term with [safe], never evaluated) and routes them to runs.
-module(gentcp_session).
-export([start/3, hello_max_bytes/0]).

-define(HELLO_TIMEOUT, 5000).
%% {hello, Token} is well under this; a bigger frame before it is refused unread.
-define(HELLO_MAX_BYTES, 1024).

hello_max_bytes() -> ?HELLO_MAX_BYTES.

start(Token, Info, Sup) ->
    S = receive {control_socket, Sock} -> Sock after ?HELLO_TIMEOUT -> exit(normal) end,
    ok = inet:setopts(S, [{active, false}]),
    case gen_tcp:recv(S, 0, ?HELLO_TIMEOUT) of
        {ok, Frame} ->
            case catch binary_to_term(Frame, [safe]) of
                {hello, Token} ->
                    Sup ! {session, up},
                    send(S, {welcome, Info}),
                    %% Authenticated: requests may carry big binaries (fills); 0 is no limit.
                    ok = inet:setopts(S, [{packet_size, 0}, {active, once}]),
                    process_flag(trap_exit, true),
                    loop(S, #{});
                _ ->
                    send(S, {refused, <<"bad token">>}),
                    gen_tcp:close(S)
            end;
        _ ->
            gen_tcp:close(S)
    end.

%% Runs maps RunId -> coordinator pid.
loop(S, Runs) ->
    receive
        {tcp, S, Frame} ->
            ok = inet:setopts(S, [{active, once}]),
            loop(S, handle(S, Frame, Runs));
        {out, Term} ->
            send(S, Term),
            loop(S, Runs);
        {'EXIT', Pid, Reason} ->
            Runs1 = maps:filter(fun(_, P) -> P =/= Pid end, Runs),
            [send(S, {event, Id, {run_crashed, fmt(Reason)}}) || {Id, P} <- maps:to_list(Runs), P =:= Pid, Reason =/= normal],
            loop(S, Runs1);
        {tcp_closed, S} -> shutdown(Runs);
        {tcp_error, S, _} -> shutdown(Runs)
    end.

shutdown(Runs) ->
    [gentcp_run:stop(P) || P <- maps:values(Runs)],
    exit(normal).

handle(S, Frame, Runs) ->
    case catch binary_to_term(Frame, [safe]) of
        {req, Id, Req} when is_integer(Id) ->
            try unwrap_atoms(Req) of
                Req1 -> request(S, Id, Req1, Runs)
            catch throw:{too_many_atoms, N} ->
                send(S, {resp, Id, {error, {too_many_new_atoms, N}}}),
                Runs
            end;
        _ ->
            send(S, {bad_frame, byte_size(Frame)}),
            Runs
    end.

request(S, Id, {ping}, Runs) ->
    send(S, {resp, Id, pong}),
    Runs;
%% Runs a whole Erlang program of the project (interop servers and clients, benchmark
%% workloads) in its own process: only the whitelisted modules, data arguments only.
request(S, Id, {call, Module, Function, Args}, Runs) when is_atom(Module), is_atom(Function), is_list(Args) ->
    case lists:member(Module, [gentcp_interop, gentcp_bench]) andalso
         erlang:function_exported(Module, Function, length(Args)) of
        true ->
            Session = self(),
            spawn(fun() ->
                          Reply = try {ok, apply(Module, Function, Args)}
                                  catch Class:Reason -> {raise, Class, Reason}
                                  end,
                          Session ! {out, {resp, Id, Reply}}
                  end);
        false ->
            send(S, {resp, Id, {error, {not_callable, Module, Function, length(Args)}}})
    end,
    Runs;
request(S, Id, {run_start, RunId}, Runs) ->
    case maps:is_key(RunId, Runs) of
        true -> send(S, {resp, Id, {error, already_started}}), Runs;
        false ->
            Pid = gentcp_run:start_link(RunId, self()),
            send(S, {resp, Id, ok}),
            Runs#{RunId => Pid}
    end;
request(S, Id, {run_stop, RunId}, Runs) ->
    case maps:take(RunId, Runs) of
        {Pid, Runs1} ->
            %% Stopping waits for the run's actors to die: off this process, which serves every
            %% run of the connection (runs go on at once).
            Session = self(),
            spawn(fun() -> gentcp_run:stop(Pid), Session ! {out, {resp, Id, ok}} end),
            Runs1;
        error ->
            send(S, {resp, Id, ok}),
            Runs
    end;
request(S, Id, Req, Runs) when is_tuple(Req), tuple_size(Req) >= 2 ->
    RunId = element(2, Req),
    case maps:find(RunId, Runs) of
        {ok, Pid} -> Pid ! {request, Id, Req};
        error -> send(S, {resp, Id, {error, no_such_run}})
    end,
    Runs;
request(S, Id, _Req, Runs) ->
    send(S, {resp, Id, {error, bad_request}}),
    Runs.

%% {'$atom', Bin} marks an atom that came from scenario data.
unwrap_atoms({'$atom', B}) when is_binary(B) -> to_atom(B);
unwrap_atoms(T) when is_tuple(T) -> list_to_tuple(unwrap_atoms(tuple_to_list(T)));
unwrap_atoms([H | T]) -> [unwrap_atoms(H) | unwrap_atoms(T)];
unwrap_atoms(M) when is_map(M) -> maps:from_list(unwrap_atoms(maps:to_list(M)));
unwrap_atoms(X) -> X.

to_atom(B) ->
    try binary_to_existing_atom(B, utf8)
    catch error:badarg ->
        %% Scenario data may name atoms the node has never seen (bad options, say);
        %% refuse before input could exhaust the atom table.
        N = erlang:system_info(atom_count),
        N < erlang:system_info(atom_limit) div 2 orelse throw({too_many_atoms, N}),
        binary_to_atom(B, utf8)
    end.

send(S, Term) -> gen_tcp:send(S, term_to_binary(Term)).

fmt(T) -> iolist_to_binary(io_lib:format("~0p", [T])).
