%% One scenario run on the driver: owns the run's actor processes, names their
%% sockets, traces every message they receive, and answers the session's requests.
-module(gentcp_run).
-export([start_link/2, stop/1]).

%% The largest fill(N) a scenario may ask for (validation caps it lower).
-define(MAX_FILL, 268435456).

-record(st, {id, session, base, actors = #{}, pids = #{}, socks = #{}, refs = #{}, pending = #{}, dead = #{}, kernel = []}).
%% kernel: [{Key, Old}] of the kernel environment the run set, Old as application:get_env/2 gave it, newest first.

start_link(RunId, Session) ->
    Base = erlang:monotonic_time(),
    spawn_link(fun() -> init(RunId, Session, Base) end).

%% Kills every actor (their sockets close with them) and waits for the run to end.
stop(Pid) ->
    Ref = monitor(process, Pid),
    Pid ! stop,
    receive {'DOWN', Ref, process, Pid, _} -> ok
    after 5000 -> exit(Pid, kill), ok
    end.

init(RunId, Session, Base) ->
    loop(#st{id = RunId, session = Session, base = Base}).

loop(St) ->
    receive
        {request, Id, Req} -> loop(request(Id, Req, St));
        {'$gentcp_done', Id, Result, T0, T1, Port} -> loop(done(Id, Result, T0, T1, Port, St));
        {trace_ts, Pid, 'receive', Msg, Ts} -> loop(traced(Pid, Msg, Ts, St));
        {trace_ts, _, _, _, _} -> loop(St);
        {'DOWN', _, process, Pid, Reason} -> loop(down(Pid, Reason, St));
        stop -> terminate(St)
    end.

request(Id, {spawn, _, Name}, St = #st{actors = A}) ->
    case maps:is_key(Name, A) of
        true -> reply(Id, {error, {already_exists, Name}}, St), St;
        false ->
            Pid = gentcp_actor:spawn_actor(self(), St#st.base),
            1 = erlang:trace(Pid, true, ['receive', monotonic_timestamp, {tracer, self()}]),
            monitor(process, Pid),
            Pid ! go,
            reply(Id, {ok, Pid}, St),
            St#st{actors = A#{Name => Pid}, pids = (St#st.pids)#{Pid => Name}}
    end;
request(Id, {exec, _, Actor, _Op, _Args, _Opts}, St = #st{dead = Dead}) when is_map_key(Actor, Dead) ->
    %% The actor already died: the step answers at once, as a call made in a dead process would.
    T = us(erlang:monotonic_time(), St),
    reply(Id, {done, {exited, maps:get(Actor, Dead)}, T, T, []}, St),
    St;
request(Id, {exec, _, Actor, Op, Args, Opts}, St = #st{actors = A}) ->
    case maps:find(Actor, A) of
        {ok, Pid} ->
            case resolve(Args, St) of
                {ok, Args1} ->
                    Pid ! {'$gentcp_exec', self(), Id, Op, Args1},
                    St#st{pending = (St#st.pending)#{Id => {Actor, Opts}}};
                {error, Why} ->
                    reply(Id, {error, Why}, St),
                    St
            end;
        error ->
            reply(Id, {error, {no_such_actor, Actor}}, St),
            St
    end;
%% The kernel's default socket options for this run (a scenario's kernel field); terminate/1 puts the old ones back.
request(Id, {kernel_env, _, Key, Value}, St = #st{kernel = K})
  when Key =:= inet_default_connect_options; Key =:= inet_default_listen_options ->
    Old = application:get_env(kernel, Key),
    ok = application:set_env(kernel, Key, Value),
    reply(Id, ok, St),
    St#st{kernel = [{Key, Old} | K]};
request(Id, {kill, _, Actor, Reason}, St = #st{actors = A}) ->
    case maps:find(Actor, A) of
        {ok, Pid} -> exit(Pid, Reason), reply(Id, ok, St);
        error -> reply(Id, {error, {no_such_actor, Actor}}, St)
    end,
    St;
request(Id, Req, St) ->
    reply(Id, {error, {bad_request, element(1, Req)}}, St),
    St.

done(Id, Result, T0, T1, Port, St = #st{pending = P}) ->
    case maps:take(Id, P) of
        {{_Actor, Opts}, P1} ->
            {Binds, St1} = bind(Opts, Result, Port, St#st{pending = P1}),
            reply(Id, {done, Result, T0, T1, Binds}, St1),
            St1;
        error -> St
    end.

%% {ok, Socket} from a step with `as` names the socket for later steps; so does a monitor's reference.
bind(#{as := Name}, {return, {ok, Sock}}, Port, St = #st{socks = S}) ->
    case is_socket(Sock) of
        true -> {[{Name, Sock, Port}], St#st{socks = S#{Name => Sock}}};
        false -> {[], St}
    end;
bind(#{as := Name}, {return, Ref}, _, St = #st{refs = R}) when is_reference(Ref) ->
    {[{Name, Ref, undefined}], St#st{refs = R#{Name => Ref}}};
bind(_, _, _, St) -> {[], St}.

is_socket(P) when is_port(P) -> true;
is_socket({'$inet', _, _}) -> true;
is_socket(_) -> false.

traced(Pid, Msg, Ts, St) ->
    case is_socket_message(Msg) of
        true ->
            Name = maps:get(Pid, St#st.pids, undefined),
            event({msg, Name, us(Ts, St), Msg}, St);
        false -> ok
    end,
    St.

is_socket_message({tcp, _, _}) -> true;
%% inet:monitor/1's message: a port monitor (inet) or the socket module's (socket backend).
is_socket_message({'DOWN', R, T, S, _}) when is_reference(R), (T =:= port orelse T =:= socket) -> is_socket(S);
is_socket_message({tcp_closed, _}) -> true;
is_socket_message({tcp_error, _, _}) -> true;
is_socket_message({tcp_passive, _}) -> true;
is_socket_message({http, _, _}) -> true;
%% {deliver, port}: data comes as {Port, {data, Data}}.
is_socket_message({P, {data, _}}) when is_port(P) -> true;
is_socket_message({{'$inet', _, _}, {data, _}}) -> true;
is_socket_message(_) -> false.

down(Pid, Reason, St = #st{pids = Pids}) ->
    case maps:find(Pid, Pids) of
        {ok, Name} ->
            event({exit, Name, us(erlang:monotonic_time(), St), Reason}, St),
            %% A step that was running in the dead actor still gets an answer.
            Lost = [Id || {Id, {A, _}} <- maps:to_list(St#st.pending), A =:= Name],
            T = us(erlang:monotonic_time(), St),
            [reply(Id, {done, {exited, Reason}, T, T, []}, St) || Id <- Lost],
            St#st{pending = maps:without(Lost, St#st.pending), dead = (St#st.dead)#{Name => Reason}};
        error -> St
    end.

terminate(St) ->
    %% Only the actors still alive have a DOWN to wait for.
    Live = [P || {P, Name} <- maps:to_list(St#st.pids), not is_map_key(Name, St#st.dead)],
    [exit(P, kill) || P <- Live],
    [receive {'DOWN', _, process, P, _} -> ok after 2000 -> ok end || P <- Live],
    [restore_kernel_env(Key, Old) || {Key, Old} <- St#st.kernel],
    exit(normal).

restore_kernel_env(Key, {ok, Value}) -> application:set_env(kernel, Key, Value);
restore_kernel_env(Key, undefined) -> application:unset_env(kernel, Key).

resolve(Args, St) ->
    try {ok, resolve1(Args, St)}
    catch throw:Why -> {error, Why}
    end.

resolve1({'$sock', Name}, #st{socks = S}) ->
    case maps:find(Name, S) of
        {ok, Sock} -> Sock;
        error -> throw({no_such_socket, Name})
    end;
resolve1({'$ref', Name}, #st{refs = R}) ->
    case maps:find(Name, R) of
        {ok, Ref} -> Ref;
        error -> throw({no_such_ref, Name})
    end;
resolve1({'$pid', Name}, #st{actors = A}) ->
    case maps:find(Name, A) of
        {ok, Pid} -> Pid;
        error -> throw({no_such_actor, Name})
    end;
%% A scenario's fill(N) is made here, not shipped through the control connection.
resolve1({'$fill', N}, _) when is_integer(N), N >= 0, N =< ?MAX_FILL -> fill_bytes(N);
resolve1({'$fill', N}, _) -> throw({bad_fill, N});
resolve1(T, St) when is_tuple(T) -> list_to_tuple(resolve1(tuple_to_list(T), St));
resolve1([H | T], St) -> [resolve1(H, St) | resolve1(T, St)];
resolve1(X, _) -> X.

%% The pattern of the harness's fillBytes (harness/runner/resolve.ts).
fill_bytes(N) ->
    Alphabet = <<"abcdefghijklmnopqrstuvwxyz0123456789">>,
    binary:part(binary:copy(Alphabet, N div byte_size(Alphabet) + 1), 0, N).

us(T, #st{base = Base}) -> erlang:convert_time_unit(T - Base, native, microsecond).

reply(Id, Reply, #st{session = S}) -> S ! {out, {resp, Id, Reply}}.
event(E, #st{session = S, id = RunId}) -> S ! {out, {event, RunId, E}}.
