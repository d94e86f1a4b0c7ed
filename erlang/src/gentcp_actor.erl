%% An actor: a plain Erlang process that owns sockets and runs scenario steps
%% one at a time with the real gen_tcp and inet API. Its mailbox is left alone
%% (messages are observed by tracing), so ownership and controlling_process are real.
-module(gentcp_actor).
-export([spawn_actor/2]).

spawn_actor(Coord, Base) ->
    spawn(fun() -> receive go -> loop(Coord, Base) end end).

loop(Coord, Base) ->
    receive
        {'$gentcp_exec', Coord, Id, Op, Args} ->
            T0 = now_us(Base),
            case {Op, Args} of
                {<<"exit">>, [Reason]} ->
                    %% The step itself succeeds; the exit shows up as the actor's exit event.
                    Coord ! {'$gentcp_done', Id, {return, ok}, T0, now_us(Base), undefined},
                    exit(Reason);
                _ ->
                    Result = run(Op, Args),
                    T1 = now_us(Base),
                    %% The port of a socket the step made, asked here: the socket backend answers
                    %% inet:port/1 from the socket's own process, which may be busy, and the run's
                    %% coordinator must not wait on it.
                    Coord ! {'$gentcp_done', Id, Result, T0, T1, made_port(Result)},
                    loop(Coord, Base)
            end
    end.

made_port({return, {ok, Sock}}) when is_port(Sock); is_tuple(Sock), element(1, Sock) =:= '$inet' ->
    try inet:port(Sock) of
        {ok, N} -> N;
        _ -> undefined
    catch _:_ -> undefined
    end;
made_port(_) -> undefined.

run(Op, Args) ->
    try op(Op, Args) of
        Value -> {return, Value}
    catch
        Class:Reason -> {raise, Class, Reason}
    end.

%% gen_tcp and inet, exactly as a user calls them.
op(<<"listen">>, [Port, Opts]) -> gen_tcp:listen(Port, Opts);
op(<<"connect">>, [Addr, Port, Opts]) -> gen_tcp:connect(Addr, Port, Opts);
op(<<"connect">>, [Addr, Port, Opts, Timeout]) -> gen_tcp:connect(Addr, Port, Opts, Timeout);
op(<<"connect_sockaddr">>, [SockAddr, Opts]) -> gen_tcp:connect(SockAddr, Opts);
op(<<"connect_sockaddr">>, [SockAddr, Opts, Timeout]) -> gen_tcp:connect(SockAddr, Opts, Timeout);
op(<<"accept">>, [L]) -> gen_tcp:accept(L);
op(<<"accept">>, [L, Timeout]) -> gen_tcp:accept(L, Timeout);
op(<<"send">>, [S, Data]) -> gen_tcp:send(S, Data);
op(<<"send_nested">>, [S, Data, Depth]) -> gen_tcp:send(S, nested(Data, Depth));
op(<<"recv">>, [S, Len]) -> gen_tcp:recv(S, Len);
op(<<"recv">>, [S, Len, Timeout]) -> gen_tcp:recv(S, Len, Timeout);
op(<<"close">>, [S]) -> gen_tcp:close(S);
op(<<"shutdown">>, [S, How]) -> gen_tcp:shutdown(S, How);
op(<<"controlling_process">>, [S, Pid]) -> gen_tcp:controlling_process(S, Pid);
op(<<"setopts">>, [S, Opts]) -> inet:setopts(S, Opts);
op(<<"getopts">>, [S, Names]) -> inet:getopts(S, Names);
op(<<"port">>, [S]) -> inet:port(S);
op(<<"peername">>, [S]) -> inet:peername(S);
op(<<"sockname">>, [S]) -> inet:sockname(S);
op(<<"getstat">>, [S]) -> inet:getstat(S);
op(<<"getstat">>, [S, Names]) -> inet:getstat(S, Names);
op(<<"info">>, [S]) -> inet:info(S);
op(<<"monitor">>, [S]) -> inet:monitor(S);
op(<<"cancel_monitor">>, [Ref]) -> inet:cancel_monitor(Ref);
op(<<"decode_packet">>, [Type, Bin, Opts]) -> erlang:decode_packet(Type, Bin, Opts);
%% Faults and timing, used on the peer side.
op(<<"send_splits">>, [S, Chunks, DelayMs]) -> send_splits(S, Chunks, DelayMs);
op(<<"reset">>, [S]) ->
    ok = inet:setopts(S, [{linger, {true, 0}}]),
    gen_tcp:close(S);
op(<<"half_close">>, [S]) -> gen_tcp:shutdown(S, write);
op(<<"stop_reading">>, [S]) -> inet:setopts(S, [{active, false}]);
op(<<"fill">>, [S, Chunk, Max]) -> fill(S, binary:copy(<<"x">>, Chunk), Max, 0);
%% Loops a subject can make; the ts executor runs the same loops (harness/runner/ts-loops.ts).
op(<<"send_until_error">>, [S, Data, Max]) -> send_until_error(S, Data, Max, 0);
op(<<"recv_until_closed">>, [S, Timeout, Max]) -> recv_until_closed(S, Timeout, Max, 0, 0);
op(<<"rearm_active">>, [S, N, Times, Timeout]) -> rearm_active(S, N, Times, Timeout, 0);
op(<<"sleep">>, [Ms]) -> timer:sleep(Ms);
op(<<"flush">>, []) -> flush([]);
op(<<"receive">>, [Timeout]) ->
    receive M when not is_tuple(M); element(1, M) =/= '$gentcp_exec' -> M after Timeout -> timeout end;
op(Op, Args) -> erlang:error({unknown_op, Op, length(Args)}).

send_splits(_, [], _) -> ok;
send_splits(S, [C | Rest], DelayMs) ->
    case gen_tcp:send(S, C) of
        ok when Rest =:= [] -> ok;
        ok -> timer:sleep(DelayMs), send_splits(S, Rest, DelayMs);
        Error -> Error
    end.

%% Sends until the peer's window and our buffers are full (send returns an
%% error, typically timeout with send_timeout set) or Max bytes went out.
fill(_S, _Chunk, Max, Sent) when Sent >= Max -> {filled, Sent, ok};
fill(S, Chunk, Max, Sent) ->
    case gen_tcp:send(S, Chunk) of
        ok -> fill(S, Chunk, Max, Sent + byte_size(Chunk));
        Error -> {filled, Sent, Error}
    end.

%% Data wrapped in Depth one-element lists.
nested(Data, 0) -> Data;
nested(Data, Depth) -> nested([Data], Depth - 1).

%% Sends Data until send returns an error (typically {error, timeout} with send_timeout set), at most Max times.
send_until_error(_S, _Data, Max, Max) -> {sent, Max, limit};
send_until_error(S, Data, Max, N) ->
    case gen_tcp:send(S, Data) of
        ok -> send_until_error(S, Data, Max, N + 1);
        Error -> {sent, N, Error}
    end.

%% Receives until recv returns anything but {ok, Data} ({error, closed} at the end of the stream), at most Max times.
recv_until_closed(_S, _Timeout, Max, Max, Bytes) -> {received, Bytes, limit};
recv_until_closed(S, Timeout, Max, N, Bytes) ->
    case gen_tcp:recv(S, 0, Timeout) of
        {ok, Data} -> recv_until_closed(S, Timeout, Max, N + 1, Bytes + data_size(Data));
        Other -> {received, Bytes, Other}
    end.

%% Data bytes of a packet: a binary, a byte list, or [H1..HN | Bin] with {header, N}; 0 for other packets (http).
data_size(B) when is_binary(B) -> byte_size(B);
data_size(L) when is_list(L) -> try iolist_size(L) catch error:badarg -> 0 end;
data_size(_) -> 0.

%% On each {tcp_passive, S}, {active, N} again, at most Times times; only that message is taken from the mailbox.
rearm_active(S, N, Times, Timeout, K) ->
    receive
        {tcp_passive, S} when K >= Times -> {rearmed, K, limit};
        {tcp_passive, S} ->
            case inet:setopts(S, [{active, N}]) of
                ok -> rearm_active(S, N, Times, Timeout, K + 1);
                Error -> {rearmed, K, Error}
            end
    after Timeout -> {rearmed, K, timeout}
    end.

flush(Acc) ->
    receive M when not is_tuple(M); element(1, M) =/= '$gentcp_exec' -> flush([M | Acc])
    after 0 -> lists:reverse(Acc)
    end.

now_us(Base) -> erlang:convert_time_unit(erlang:monotonic_time() - Base, native, microsecond).
