%% Erlang programs that talk to gentcp programs (suites/interop/), run in the reference node
%% through the driver's {call, gentcp_interop, F, Args} request (erlang/PROTOCOL.md).
%%
%% Every function is data in, data out. A server outlives the call that starts it: it runs in its
%% own process, is registered under its port number, reports that port, and ends with stop(Port).
%% Every receive and recv has a timeout, every loop a bound.
%%
%%   start(Num, LPort)               the manual's pool of acceptors ({packet,2}, {active,once}); -> Port
%%   start(Num, LPort, ExtraOpts)    the same with extra listen options (a bigger backlog)
%%   stop(Port)                      stops any server started here; -> #{connections, messages, bytes, ...}
%%   pool_clients(Port, Opts)        Erlang clients of a {packet,2} server that answers reversed
%%   sink(Opts) / sink_result(Port, TimeoutMs)
%%                                   accepts connections and reads each to the end in one packet mode
%%   source(Port, Opts)              connects, writes in one packet mode, half-closes, waits for close
%%   echo_server(Opts) / echo_clients(Port, Opts)
%%                                   raw echo with half-close handshakes, for the load runs
%%   payload_crc(Kind, K, N)         the CRC of the deterministic payload gen(Kind, K, N) (TS has the twin)
%%   node_info()                     the node's OTP and erts versions and its Erlang packages (dpkg), for recordings
%%   fd_limit(Opts)                  fd_limit_run/1 in a fresh VM limited to few descriptors: what
%%                                   listen, connect and accept say when the process runs out of them
%%
%% Option maps may carry backend => inet | socket (the sockets' {inet_backend, B}; default: the
%% node's). Checksums are erlang:crc32/2 (the reference images have no crypto application), the same
%% CRC-32 as zlib's. A framed stream's checksum is over <<Len:32, Packet/binary>> per packet, so
%% a lost, duplicated, reordered or re-cut packet changes it; a raw stream's is over the bytes.
-module(gentcp_interop).

-export([start/2, start/3, stop/1, server/1]).
-export([pool_clients/2, sink/1, sink_result/2, source/2, echo_server/1, echo_clients/2]).
-export([payload_crc/3, gen/3, frame/2, canonical_http/1]).
-export([fd_limit/1, fd_limit_run/1]).
-export([node_info/0]).

-define(REG(Port), {?MODULE, Port}).
-define(STEP_TIMEOUT, 30000).
-define(STOP_TIMEOUT, 10000).
-define(SERVER_LIFETIME, 900000).
-define(BLOCK, 65536).

%%% ----------------------------------------------------------------------------------------------
%%% The manual's example: a pool of Num acceptor processes on one listen socket.
%%% As in gen_tcp(3) "Examples", except that the listen socket lives in an owner process (the
%%% driver's call process ends when start/2 returns), process/1 answers with the reversed packet,
%%% and the workers count what they served instead of printing it.

start(Num, LPort) -> start(Num, LPort, []).

start(Num, LPort, ExtraOpts) when is_integer(Num), Num > 0, Num =< 10000 ->
    run_owner(fun(Owner) ->
                      case gen_tcp:listen(LPort, [{active, false}, {packet, 2} | ExtraOpts]) of
                          {ok, ListenSock} ->
                              start_servers(Num, ListenSock, Owner),
                              {ok, Port} = inet:port(ListenSock),
                              {ok, Port, ListenSock};
                          {error, Reason} ->
                              {error, Reason}
                      end
              end).

start_servers(0, _, _) ->
    ok;
start_servers(Num, LS, Owner) ->
    spawn(fun() -> put(owner, Owner), server(LS) end),
    start_servers(Num - 1, LS, Owner).

server(LS) ->
    case gen_tcp:accept(LS) of
        {ok, S} ->
            loop(S, 0, 0),
            server(LS);
        _Other ->
            %% accept returned {error, closed} - goodbye
            ok
    end.

loop(S, Msgs, Bytes) ->
    inet:setopts(S, [{active, once}]),
    receive
        {tcp, S, Data} ->
            Answer = process(Data),
            gen_tcp:send(S, Answer),
            loop(S, Msgs + 1, Bytes + length(Data));
        {tcp_closed, S} ->
            report({conn_done, Msgs, Bytes}),
            ok;
        {tcp_error, S, Reason} ->
            report({conn_error, Reason}),
            gen_tcp:close(S)
    after ?SERVER_LIFETIME ->
            gen_tcp:close(S)
    end.

process(Data) -> lists:reverse(Data).

report(Msg) ->
    case get(owner) of
        undefined -> ok;
        Owner -> Owner ! Msg
    end.

%%% ----------------------------------------------------------------------------------------------
%%% Owners: a long-lived process per server, registered under its port, that keeps the listen
%%% socket, collects the workers' reports and answers stop/1.

run_owner(Init) ->
    run_owner(Init, fun(Port, LS) ->
                            owner_loop(Port, LS, #{connections => 0, messages => 0, bytes => 0, errors => []})
                    end).

%% Spawns an owner that opens its listen socket with Init(Owner) ({ok, Port, LS} or an error),
%% registers under Port, answers the caller with Port, and then runs Loop(Port, LS).
run_owner(Init, Loop) ->
    Caller = self(),
    Ref = make_ref(),
    Owner = spawn(fun() ->
                          case Init(self()) of
                              {ok, Port, LS} ->
                                  persistent_term:put(?REG(Port), self()),
                                  Caller ! {Ref, Port},
                                  Loop(Port, LS);
                              Error ->
                                  Caller ! {Ref, Error}
                          end
                  end),
    receive
        {Ref, Reply} -> Reply
    after ?STEP_TIMEOUT ->
            exit(Owner, kill),
            {error, owner_timeout}
    end.

owner_loop(Port, LS, Stats) ->
    receive
        {conn_done, Msgs, Bytes} ->
            owner_loop(Port, LS, add(Stats, Msgs, Bytes));
        {conn_result, Result} ->
            owner_loop(Port, LS, add_result(Stats, Result));
        {conn_error, Reason} ->
            owner_loop(Port, LS, add_error(Stats, Reason));
        {stop, From, Ref} ->
            gen_tcp:close(LS),
            persistent_term:erase(?REG(Port)),
            From ! {Ref, drain(Stats, erlang:monotonic_time(millisecond) + 200)}
    after ?SERVER_LIFETIME ->
            gen_tcp:close(LS),
            persistent_term:erase(?REG(Port))
    end.

%% Reports already on their way when stop came in.
drain(Stats, Deadline) ->
    Left = max(0, Deadline - erlang:monotonic_time(millisecond)),
    receive
        {conn_done, Msgs, Bytes} -> drain(add(Stats, Msgs, Bytes), Deadline);
        {conn_result, Result} -> drain(add_result(Stats, Result), Deadline);
        {conn_error, Reason} -> drain(add_error(Stats, Reason), Deadline)
    after Left -> Stats
    end.

add(#{connections := C, messages := M, bytes := B} = Stats, Msgs, Bytes) ->
    Stats#{connections := C + 1, messages := M + Msgs, bytes := B + Bytes}.

add_result(Stats, #{count := N, bytes := B} = R) ->
    Stats1 = add(Stats, N, B),
    case R of
        #{ok := true} -> Stats1;
        _ -> add_error(Stats1, R)
    end.

add_error(#{errors := Es} = Stats, E) when length(Es) < 10 -> Stats#{errors := [E | Es]};
add_error(Stats, _) -> Stats.

stop(Port) ->
    case call_owner(Port, stop, ?STOP_TIMEOUT) of
        timeout -> {error, stop_timeout};
        Answer -> Answer
    end.

%% Asks the process registered for Port (a server or sink owner) for its answer to Tag.
call_owner(Port, Tag, TimeoutMs) ->
    case persistent_term:get(?REG(Port), undefined) of
        undefined ->
            {error, not_running};
        Owner ->
            Ref = make_ref(),
            MRef = monitor(process, Owner),
            Owner ! {Tag, self(), Ref},
            receive
                {Ref, Answer} -> demonitor(MRef, [flush]), Answer;
                {'DOWN', MRef, process, _, Reason} -> {error, {owner_died, Reason}}
            after TimeoutMs ->
                    demonitor(MRef, [flush]),
                    timeout
            end
    end.

%%% ----------------------------------------------------------------------------------------------
%%% Erlang clients of a {packet,2} server that answers each packet reversed (the gentcp port of
%%% the manual's pool). Opts: clients, messages (per client), max_size (=< 65535), seed.

pool_clients(Port, Opts) ->
    Clients = maps:get(clients, Opts, 10),
    Msgs = maps:get(messages, Opts, 5),
    MaxSize = min(65535, maps:get(max_size, Opts, 65535)),
    Seed = maps:get(seed, Opts, 1),
    Ramp = maps:get(ramp_ms, Opts, 1),
    T0 = erlang:monotonic_time(millisecond),
    Be = backend(Opts),
    Results = parallel(Clients, fun(I, Ready) -> pool_client(Port, Be, I, Msgs, MaxSize, Seed, Ramp, Ready) end,
                       maps:get(timeout, Opts, 120000)),
    summarise(Results, T0).

%% Connections open one per Ramp ms (the listen backlog is the manual's default, 5) and are all
%% open before the first message: Ready() returns when every client has connected.
pool_client(Port, Be, I, Msgs, MaxSize, Seed, Ramp, Ready) ->
    R0 = rand:seed_s(exsss, {Seed, I, 17}),
    timer:sleep(I * Ramp),
    case gen_tcp:connect({127, 0, 0, 1}, Port, Be ++ [binary, {packet, 2}, {active, false}], ?STEP_TIMEOUT) of
        {ok, S} ->
            R = case Ready() of
                    go -> pool_exchange(S, I, 0, Msgs, MaxSize, R0, #{count => 0, bytes => 0, bad => 0});
                    timeout -> #{ok => false, error => barrier_timeout, count => 0, bytes => 0}
                end,
            gen_tcp:close(S),
            R;
        {error, Reason} ->
            #{ok => false, error => {connect, Reason}, count => 0, bytes => 0}
    end.

pool_exchange(_S, _I, K, Msgs, _Max, _R, Acc) when K >= Msgs ->
    Acc#{ok => maps:get(bad, Acc) =:= 0};
pool_exchange(S, I, K, Msgs, MaxSize, R0, #{count := N, bytes := B, bad := Bad} = Acc) ->
    %% The first two messages of a client are the limits: 0 bytes and the biggest.
    {Size, R1} = case K of
                     0 -> {0, R0};
                     1 -> {MaxSize, R0};
                     _ -> rand:uniform_s(MaxSize + 1, R0)
                 end,
    Size1 = if K >= 2 -> Size - 1; true -> Size end,
    Msg = gen(bin, I * 1000 + K, Size1),
    case gen_tcp:send(S, Msg) of
        ok ->
            case gen_tcp:recv(S, 0, ?STEP_TIMEOUT) of
                {ok, Answer} ->
                    Good = Answer =:= reverse_bin(Msg),
                    pool_exchange(S, I, K + 1, Msgs, MaxSize, R1,
                                  Acc#{count := N + 1, bytes := B + Size1,
                                       bad := if Good -> Bad; true -> Bad + 1 end});
                {error, Reason} ->
                    Acc#{ok => false, error => {recv, K, Reason}}
            end;
        {error, Reason} ->
            Acc#{ok => false, error => {send, K, Reason}}
    end.

reverse_bin(B) -> list_to_binary(lists:reverse(binary_to_list(B))).

%%% ----------------------------------------------------------------------------------------------
%%% Sinks: listen, accept `connections` connections, read each to the end in one packet mode.
%%% Opts: mode (raw | 1 | 2 | 4 | line | http_request | http_response), read (passive | once | true),
%%% connections (1), extra (listen options). A sink half-closes politely: once it has read the
%%% peer's end (the peer did shutdown(write)) it closes, which is what the peer waits for.

sink(Opts) ->
    Mode = maps:get(mode, Opts, raw),
    Read = maps:get(read, Opts, passive),
    Conns = maps:get(connections, Opts, 1),
    Extra = maps:get(extra, Opts, []),
    Listen = fun(_Owner) ->
                     case gen_tcp:listen(0, backend(Opts) ++ [binary, {active, false}, {exit_on_close, false},
                                                              {backlog, 1024} | packet_opts(Mode) ++ Extra]) of
                         {ok, LS} -> {ok, Port} = inet:port(LS), {ok, Port, LS};
                         Error -> Error
                     end
             end,
    run_owner(Listen, fun(Port, LS) ->
                              Me = self(),
                              spawn(fun() -> sink_accept(LS, Me, Mode, Read, Conns) end),
                              sink_owner(Port, LS, Conns, [])
                      end).

sink_accept(_LS, _Owner, _Mode, _Read, 0) ->
    ok;
sink_accept(LS, Owner, Mode, Read, N) ->
    case gen_tcp:accept(LS, ?SERVER_LIFETIME) of
        {ok, S} ->
            Pid = spawn(fun() ->
                                receive {go, S} -> ok after ?STEP_TIMEOUT -> exit(no_go) end,
                                Owner ! {sink_done, read_all(S, Mode, Read)}
                        end),
            ok = gen_tcp:controlling_process(S, Pid),
            Pid ! {go, S},
            sink_accept(LS, Owner, Mode, Read, N - 1);
        {error, Reason} ->
            Owner ! {sink_done, #{ok => false, error => {accept, Reason}, count => 0, bytes => 0}}
    end.

sink_owner(Port, LS, Conns, Results) when length(Results) >= Conns ->
    gen_tcp:close(LS),
    sink_wait(Port, lists:reverse(Results));
sink_owner(Port, LS, Conns, Results) ->
    receive
        %% A {result, ..} asked before the end waits in the mailbox for sink_wait/2.
        {sink_done, R} -> sink_owner(Port, LS, Conns, [R | Results]);
        {stop, From, Ref} ->
            gen_tcp:close(LS),
            persistent_term:erase(?REG(Port)),
            From ! {Ref, lists:reverse(Results)}
    after ?SERVER_LIFETIME ->
            gen_tcp:close(LS),
            persistent_term:erase(?REG(Port))
    end.

sink_wait(Port, Results) ->
    receive
        {result, From, Ref} -> persistent_term:erase(?REG(Port)), From ! {Ref, Results};
        {stop, From, Ref} -> persistent_term:erase(?REG(Port)), From ! {Ref, Results}
    after ?SERVER_LIFETIME -> persistent_term:erase(?REG(Port))
    end.

%% The per-connection results of a sink, once every connection ended (at most TimeoutMs).
sink_result(Port, TimeoutMs) ->
    case call_owner(Port, result, TimeoutMs) of
        timeout -> stop(Port), {error, timeout};
        Answer -> Answer
    end.

packet_opts(raw) -> [{packet, raw}];
packet_opts(line) -> [{packet, line}];
packet_opts(http_request) -> [{packet, http_bin}];
packet_opts(http_response) -> [{packet, http_bin}];
packet_opts(N) when N =:= 1; N =:= 2; N =:= 4 -> [{packet, N}].

%% Reads until the peer's end; counts packets (http: requests or responses), bytes and the CRC.
read_all(S, Mode, Read) ->
    T0 = erlang:monotonic_time(microsecond),
    Acc0 = #{count => 0, bytes => 0, crc => 0, packets => 0},
    {End, Acc} = case Mode of
                     http_request -> read_http(S, Acc0);
                     http_response -> read_http(S, Acc0);
                     _ -> read_loop(S, Mode, Read, Acc0, 0)
                 end,
    %% Our half of the handshake: the peer is waiting for this close.
    gen_tcp:close(S),
    Acc#{'end' => End, ok => End =:= closed,
         us => erlang:monotonic_time(microsecond) - T0}.

-define(MAX_READS, 100000000).

read_loop(_S, _Mode, _Read, Acc, N) when N >= ?MAX_READS -> {too_many_reads, Acc};
read_loop(S, Mode, Read, Acc, N) ->
    case read_one(S, Read) of
        {data, Data} -> read_loop(S, Mode, Read, account(Mode, Data, Acc), N + 1);
        {'end', End} -> {End, Acc}
    end.

read_one(S, passive) ->
    case gen_tcp:recv(S, 0, ?STEP_TIMEOUT) of
        {ok, Data} -> {data, Data};
        {error, Reason} -> {'end', Reason}
    end;
read_one(S, once) ->
    %% The socket backend of OTP 25 refuses to re-arm a socket whose end it has seen.
    case inet:setopts(S, [{active, once}]) of
        ok -> receive_one(S);
        {error, _} -> receive_one_after_end(S)
    end;
read_one(S, true) ->
    case get(active_set) of
        undefined -> put(active_set, true), ok = inet:setopts(S, [{active, true}]);
        _ -> ok
    end,
    receive_one(S).

receive_one_after_end(S) ->
    receive
        {tcp, S, Data} -> {data, Data};
        {tcp_closed, S} -> {'end', closed};
        {tcp_error, S, Reason} -> {'end', Reason}
    after 0 -> {'end', closed}
    end.

receive_one(S) ->
    receive
        {tcp, S, Data} -> {data, Data};
        {tcp_closed, S} -> {'end', closed};
        {tcp_error, S, Reason} -> {'end', Reason}
    after ?STEP_TIMEOUT -> {'end', timeout}
    end.

account(raw, Data, #{bytes := B, crc := C, packets := P} = Acc) ->
    Acc#{bytes := B + byte_size(Data), crc := erlang:crc32(C, Data), packets := P + 1};
account(_Framed, Data, #{count := N, bytes := B, crc := C} = Acc) ->
    Acc#{count := N + 1, bytes := B + byte_size(Data),
         crc := erlang:crc32(C, [<<(byte_size(Data)):32>>, Data])}.

%% http: request (or status) line, header lines, end of headers, then Content-Length bytes of body
%% read in raw mode, then back to http_bin for the next one. The checksum is over the canonical
%% text of each decoded packet (which is the text sent, when it was sent canonically) and the body.
read_http(S, Acc) -> read_http(S, Acc, 0, 0).

read_http(_S, Acc, _Len, N) when N >= ?MAX_READS -> {too_many_reads, Acc};
read_http(S, #{count := Count, packets := P, bytes := B, crc := C} = Acc, Len, N) ->
    case gen_tcp:recv(S, 0, ?STEP_TIMEOUT) of
        {ok, http_eoh} ->
            C1 = erlang:crc32(C, <<"\r\n">>),
            case Len of
                0 ->
                    read_http(S, Acc#{crc := C1, packets := P + 1}, 0, N + 1);
                _ ->
                    ok = inet:setopts(S, [{packet, raw}]),
                    case gen_tcp:recv(S, Len, ?STEP_TIMEOUT) of
                        {ok, Body} ->
                            ok = inet:setopts(S, [{packet, http_bin}]),
                            read_http(S, Acc#{crc := erlang:crc32(C1, Body), bytes := B + Len,
                                              packets := P + 1}, 0, N + 1);
                        {error, Reason} ->
                            {{body, Reason}, Acc}
                    end
            end;
        {ok, {http_header, _, Field, _, Value} = H} ->
            Len1 = case Field of
                       'Content-Length' -> binary_to_integer(Value);
                       _ -> Len
                   end,
            read_http(S, Acc#{crc := erlang:crc32(C, canonical_http(H)), packets := P + 1}, Len1, N + 1);
        {ok, {http_error, _} = E} ->
            {E, Acc};
        {ok, Start} ->
            read_http(S, Acc#{crc := erlang:crc32(C, canonical_http(Start)), packets := P + 1,
                              count := Count + 1}, 0, N + 1);
        {error, Reason} ->
            {Reason, Acc}
    end.

canonical_http({http_request, Method, Uri, {Ma, Mi}}) ->
    [text(Method), " ", uri(Uri), " HTTP/", integer_to_list(Ma), ".", integer_to_list(Mi), "\r\n"];
canonical_http({http_response, {Ma, Mi}, Status, Phrase}) ->
    ["HTTP/", integer_to_list(Ma), ".", integer_to_list(Mi), " ", integer_to_list(Status), " ", Phrase, "\r\n"];
canonical_http({http_header, _, _Field, Unmodified, Value}) ->
    [Unmodified, ": ", Value, "\r\n"];
canonical_http(http_eoh) ->
    "\r\n".

uri('*') -> "*";
uri({abs_path, P}) -> P;
uri({absoluteURI, Scheme, Host, undefined, P}) -> [atom_to_list(Scheme), "://", Host, P];
uri({absoluteURI, Scheme, Host, Port, P}) -> [atom_to_list(Scheme), "://", Host, ":", integer_to_list(Port), P];
uri({scheme, S, Rest}) -> [S, ":", Rest];
uri(S) -> S.

text(A) when is_atom(A) -> atom_to_list(A);
text(S) -> S.

%%% ----------------------------------------------------------------------------------------------
%%% Sources: connect, write in one packet mode, shutdown(write), then wait for the peer's close.
%%% Opts: mode; sizes (the packets' sizes; raw: the chunks'); write: whole (one send per packet,
%%% framed by the socket), coalesced (frames built here, `group` of them per send in raw mode) or
%%% split (each frame sent in pieces in raw mode, with a pause after the first few); first (the K
%%% of the first packet, 0). Returns what was sent and how the handshake ended.

source(Port, Opts) ->
    Mode = maps:get(mode, Opts, raw),
    Sizes = maps:get(sizes, Opts, []),
    Write = maps:get(write, Opts, whole),
    First = maps:get(first, Opts, 0),
    T0 = erlang:monotonic_time(microsecond),
    case gen_tcp:connect({127, 0, 0, 1}, Port, backend(Opts) ++ [binary, {active, false}, {nodelay, true},
                                                             {exit_on_close, false} | packet_opts(Mode)],
                         ?STEP_TIMEOUT) of
        {ok, S} ->
            Packets = packets(Mode, First, Sizes),
            Sent = write(S, Mode, Write, Packets, maps:get(group, Opts, 8),
                         #{count => 0, bytes => 0, crc => 0}),
            Handshake = handshake(S),
            gen_tcp:close(S),
            Sent#{handshake => Handshake, us => erlang:monotonic_time(microsecond) - T0};
        {error, Reason} ->
            #{error => {connect, Reason}, count => 0, bytes => 0, crc => 0}
    end.

handshake(S) ->
    case gen_tcp:shutdown(S, write) of
        ok -> wait_close(S, 0);
        {error, Reason} -> {shutdown, Reason}
    end.

%% After our shutdown(write) the peer reads to our end and closes; anything it still sends is
%% counted (the sinks send nothing).
wait_close(_S, Extra) when Extra > 1 bsl 30 -> {too_much_data, Extra};
wait_close(S, Extra) ->
    inet:setopts(S, [{packet, raw}]),
    case gen_tcp:recv(S, 0, ?STEP_TIMEOUT) of
        {ok, D} -> wait_close(S, Extra + iolist_size(D));
        {error, closed} when Extra =:= 0 -> closed;
        {error, Reason} -> {Reason, Extra}
    end.

%% A lazy list of packets: {K, Size}; the bytes are made when they are sent.
packets(_Mode, First, Sizes) ->
    lists:zip(lists:seq(First, First + length(Sizes) - 1), Sizes).

write(S, raw, whole, Packets, _G, Acc) ->
    send_each(S, Packets, Acc, fun(K, N) -> gen(bin, K, N) end, raw);
write(S, Mode, whole, Packets, _G, Acc) when is_integer(Mode) ->
    send_each(S, Packets, Acc, fun(K, N) -> gen(bin, K, N) end, Mode);
write(S, line, whole, Packets, _G, Acc) ->
    %% {packet, line} does not frame what is sent: the line is the text and its newline.
    send_each(S, Packets, Acc, fun(K, N) -> [gen(text, K, N), $\n] end, line);
write(S, Mode, whole, Packets, G, Acc) when Mode =:= http_request; Mode =:= http_response ->
    write(S, Mode, coalesced, Packets, G, Acc);
write(S, Mode, coalesced, Packets, G, Acc) ->
    ok = inet:setopts(S, [{packet, raw}]),
    coalesce(S, Mode, Packets, max(1, G), Acc);
write(S, Mode, split, Packets, _G, Acc) ->
    ok = inet:setopts(S, [{packet, raw}]),
    split(S, Mode, Packets, 0, Acc).

send_each(_S, [], Acc, _Make, _Mode) -> Acc;
send_each(S, [{K, N} | Rest], Acc, Make, Mode) ->
    Data = Make(K, N),
    case gen_tcp:send(S, Data) of
        ok -> send_each(S, Rest, sent(Mode, Data, Acc), Make, Mode);
        {error, Reason} -> Acc#{error => {send, K, Reason}}
    end.

coalesce(_S, _Mode, [], _G, Acc) -> Acc;
coalesce(S, Mode, Packets, G, Acc) ->
    {Now, Rest} = lists:split(min(G, length(Packets)), Packets),
    Frames = [frame(Mode, gen_for(Mode, K, N)) || {K, N} <- Now],
    case gen_tcp:send(S, Frames) of
        ok ->
            Acc1 = lists:foldl(fun({K, N}, A) -> sent(Mode, wire_packet(Mode, K, N), A) end, Acc, Now),
            coalesce(S, Mode, Rest, G, Acc1);
        {error, Reason} ->
            Acc#{error => {send, Reason}}
    end.

split(_S, _Mode, [], _I, Acc) -> Acc;
split(S, Mode, [{K, N} | Rest], I, Acc) ->
    Frame = iolist_to_binary(frame(Mode, gen_for(Mode, K, N))),
    Pause = if I < 8 -> 2; true -> 0 end,
    case send_pieces(S, Frame, cuts(byte_size(Frame)), Pause) of
        ok -> split(S, Mode, Rest, I + 1, sent(Mode, wire_packet(Mode, K, N), Acc));
        {error, Reason} -> Acc#{error => {send, K, Reason}}
    end.

%% Where a frame is cut: after its first byte, in the header, in the body, and the rest.
cuts(Len) when Len =< 2 -> [Len];
cuts(Len) ->
    A = 1,
    B = min(Len - A, 2),
    C = (Len - A - B) div 2,
    [X || X <- [A, B, C, Len - A - B - C], X > 0].

send_pieces(_S, <<>>, _Cuts, _Pause) -> ok;
send_pieces(S, Bin, [], _Pause) -> gen_tcp:send(S, Bin);
send_pieces(S, Bin, [C | Cs], Pause) ->
    <<Piece:C/binary, Rest/binary>> = Bin,
    case gen_tcp:send(S, Piece) of
        ok when Rest =:= <<>> -> ok;
        ok -> Pause > 0 andalso timer:sleep(Pause), send_pieces(S, Rest, Cs, Pause);
        Error -> Error
    end.

%% What one packet is, and what the receiver should get for it.
gen_for(line, K, N) -> gen(text, K, N);
gen_for(http_request, K, N) -> {http_request, K, gen(bin, K, N)};
gen_for(http_response, K, N) -> {http_response, K, gen(bin, K, N)};
gen_for(_, K, N) -> gen(bin, K, N).

wire_packet(line, K, N) -> [gen(text, K, N), $\n];
wire_packet(http_request, K, N) -> frame(http_request, {http_request, K, gen(bin, K, N)});
wire_packet(http_response, K, N) -> frame(http_response, {http_response, K, gen(bin, K, N)});
wire_packet(_, K, N) -> gen(bin, K, N).

%% The bytes on the wire for one packet. Headers wrap past their limit, as the inet driver's do.
frame(raw, P) -> P;
frame(1, P) -> [<<(iolist_size(P)):8>>, P];
frame(2, P) -> [<<(iolist_size(P)):16>>, P];
frame(4, P) -> [<<(iolist_size(P)):32>>, P];
frame(line, P) -> [P, $\n];
frame(http_request, {http_request, K, Body}) ->
    [request_line(K), "Host: localhost\r\n", "X-Seq: ", integer_to_list(K), "\r\n",
     "Content-Length: ", integer_to_list(byte_size(Body)), "\r\n\r\n", Body];
frame(http_response, {http_response, K, Body}) ->
    [status_line(K), "Server: gentcp-interop\r\n", "X-Seq: ", integer_to_list(K), "\r\n",
     "Content-Length: ", integer_to_list(byte_size(Body)), "\r\n\r\n", Body].

%% A few URI forms and methods, all in the canonical text read_http/2 rebuilds.
request_line(K) ->
    Method = lists:nth(K rem 4 + 1, ["GET", "POST", "PUT", "PATCH"]),
    Uri = case K rem 3 of
              0 -> ["/items/", integer_to_list(K), "?q=", integer_to_list(K * 7)];
              1 -> ["http://localhost:8080/k/", integer_to_list(K)];
              2 -> "*"
          end,
    [Method, " ", Uri, " HTTP/1.1\r\n"].

status_line(K) ->
    {Code, Phrase} = lists:nth(K rem 3 + 1, [{200, "OK"}, {201, "Created"}, {404, "Not Found"}]),
    ["HTTP/1.1 ", integer_to_list(Code), " ", Phrase, "\r\n"].

%% The sender's tally, in the receiver's terms. raw: bytes; framed: one packet each (its header
%% and payload lengths wrap as on the wire, so only sizes within the limits give equal tallies);
%% http: one request or response, checksummed as its canonical text.
sent(raw, Data, #{bytes := B, crc := C} = Acc) ->
    Acc#{bytes := B + iolist_size(Data), crc := erlang:crc32(C, Data)};
sent(Mode, Data, #{count := N, bytes := B, crc := C} = Acc) when Mode =:= http_request; Mode =:= http_response ->
    Bin = iolist_to_binary(Data),
    [_, Body] = binary:split(Bin, <<"\r\n\r\n">>),
    Acc#{count := N + 1, bytes := B + byte_size(Body), crc := erlang:crc32(C, Bin)};
sent(_Framed, Data, #{count := N, bytes := B, crc := C} = Acc) ->
    Size = iolist_size(Data),
    Acc#{count := N + 1, bytes := B + Size, crc := erlang:crc32(C, [<<Size:32>>, Data])}.

%%% ----------------------------------------------------------------------------------------------
%%% Raw echo with half-close handshakes, for the load runs. Each connection echoes what it reads;
%%% at the client's end it echoes the rest, shuts down its own write side and closes. The server
%%% accepts with `acceptors` processes (the manual's pool, each handing the connection to a
%%% handler so it can accept again).

echo_server(Opts) ->
    Acceptors = maps:get(acceptors, Opts, 8),
    run_owner(fun(Owner) ->
                      case gen_tcp:listen(0, backend(Opts) ++ [binary, {active, false}, {packet, raw}, {exit_on_close, false},
                                                               {backlog, maps:get(backlog, Opts, 1024)}]) of
                          {ok, LS} ->
                              [spawn(fun() -> echo_acceptor(LS, Owner) end) || _ <- lists:seq(1, Acceptors)],
                              {ok, Port} = inet:port(LS),
                              {ok, Port, LS};
                          Error ->
                              Error
                      end
              end).

echo_acceptor(LS, Owner) ->
    case gen_tcp:accept(LS) of
        {ok, S} ->
            Pid = spawn(fun() ->
                                receive {go, S} -> ok after ?STEP_TIMEOUT -> exit(no_go) end,
                                Owner ! {conn_result, echo(S, 0, 0, 0)}
                        end),
            ok = gen_tcp:controlling_process(S, Pid),
            Pid ! {go, S},
            echo_acceptor(LS, Owner);
        _ ->
            ok
    end.

echo(S, N, Bytes, Crc) when N < ?MAX_READS ->
    case gen_tcp:recv(S, 0, ?STEP_TIMEOUT) of
        {ok, Data} ->
            case gen_tcp:send(S, Data) of
                ok -> echo(S, N + 1, Bytes + byte_size(Data), erlang:crc32(Crc, Data));
                {error, Reason} -> echo_end(S, {send, Reason}, Bytes, Crc)
            end;
        {error, closed} ->
            echo_end(S, closed, Bytes, Crc);
        {error, Reason} ->
            echo_end(S, Reason, Bytes, Crc)
    end.

echo_end(S, End, Bytes, Crc) ->
    Shut = gen_tcp:shutdown(S, write),
    gen_tcp:close(S),
    #{count => 1, bytes => Bytes, crc => Crc, 'end' => End, shutdown => Shut,
      ok => End =:= closed andalso Shut =:= ok}.

%% `clients` connections at once, each writes `bytes` in `chunk` writes from a sender process
%% while its owner reads the echo ({active, once}); at the end of its writes it half-closes and
%% reads until the server's close. Each checks that the echo is what it sent. The summary has each
%% connection's first_ms and done_ms (ms from the barrier's go to its first echoed byte and to the
%% server's close; -1 if it never came) and stall_ms (its longest wait to hear from the server, from
%% the go on), for the fairness checks.
echo_clients(Port, Opts) ->
    Clients = maps:get(clients, Opts, 10),
    Bytes = maps:get(bytes, Opts, 1 bsl 20),
    Chunk = maps:get(chunk, Opts, 65536),
    T0 = erlang:monotonic_time(millisecond),
    Be = backend(Opts),
    Results = parallel(Clients, fun(I, Ready) -> echo_client(Port, Be, I, Bytes, Chunk, Ready) end,
                       maps:get(timeout, Opts, 300000)),
    (summarise(Results, T0))#{first_ms => [maps:get(first_ms, R, -1) || R <- Results],
                              done_ms => [maps:get(done_ms, R, -1) || R <- Results],
                              stall_ms => [maps:get(stall_ms, R, -1) || R <- Results]}.

echo_client(Port, Be, I, Bytes, Chunk, Ready) ->
    case gen_tcp:connect({127, 0, 0, 1}, Port, Be ++ [binary, {active, false}, {packet, raw},
                                                      {exit_on_close, false}], ?STEP_TIMEOUT) of
        {ok, S} ->
            %% Every connection is open before the first byte goes out.
            Ready(),
            Go = erlang:monotonic_time(millisecond),
            put(last_heard, Go),
            put(stall, 0),
            Me = self(),
            Sender = spawn_link(fun() -> Me ! {sent, self(), echo_send(S, I, 0, Bytes, Chunk, 0)} end),
            R = echo_read(S, Sender, undefined, 0, 0),
            gen_tcp:close(S),
            %% Each connection's service times, from the barrier's go: first echoed byte, close.
            First = case get(first_byte) of undefined -> -1; T -> T - Go end,
            End = erlang:monotonic_time(millisecond),
            %% A connection that timed out waited from its last word to the end.
            R#{first_ms => First, done_ms => End - Go, stall_ms => max(get(stall), End - get(last_heard))};
        {error, Reason} ->
            #{ok => false, error => {connect, Reason}, count => 0, bytes => 0}
    end.

echo_send(_S, _I, _K, Left, _Chunk, Crc) when Left =< 0 -> {ok, Crc};
echo_send(S, I, K, Left, Chunk, Crc) ->
    Data = gen(bin, I * 100000 + K, min(Chunk, Left)),
    case gen_tcp:send(S, Data) of
        ok -> echo_send(S, I, K + 1, Left - byte_size(Data), Chunk, erlang:crc32(Crc, Data));
        {error, Reason} -> {error, Reason}
    end.

echo_read(S, Sender, Sent, Got, Crc) ->
    %% The socket backend of OTP 25 refuses to re-arm a socket whose end it has seen: then the
    %% end is all that is left to read.
    Timeout = case inet:setopts(S, [{active, once}]) of
                  ok -> ?STEP_TIMEOUT;
                  {error, _} when Sent =/= undefined -> 0;
                  {error, _} -> ?STEP_TIMEOUT
              end,
    receive
        {tcp, S, Data} ->
            heard(Got =:= 0),
            echo_read(S, Sender, Sent, Got + byte_size(Data), erlang:crc32(Crc, Data));
        {sent, Sender, {ok, SentCrc}} ->
            %% Our half of the handshake: no more data from us; the server's close ends the read.
            ok = gen_tcp:shutdown(S, write),
            echo_read(S, Sender, SentCrc, Got, Crc);
        {sent, Sender, {error, Reason}} ->
            #{ok => false, error => {send, Reason}, count => 1, bytes => Got};
        {tcp_closed, S} ->
            heard(false),
            #{ok => Sent =:= Crc, count => 1, bytes => Got, crc => Crc, sent_crc => Sent};
        {tcp_error, S, Reason} ->
            #{ok => false, error => Reason, count => 1, bytes => Got}
    after Timeout ->
            case Timeout of
                0 -> #{ok => Sent =:= Crc, count => 1, bytes => Got, crc => Crc, sent_crc => Sent};
                _ -> #{ok => false, error => timeout, count => 1, bytes => Got}
            end
    end.

%% The server was heard from (echoed bytes, or its close): the longest wait for it so far is the
%% connection's stall.
heard(First) ->
    Now = erlang:monotonic_time(millisecond),
    First andalso put(first_byte, Now),
    put(stall, max(get(stall), Now - get(last_heard))),
    put(last_heard, Now).

%%% ----------------------------------------------------------------------------------------------
%%% Helpers.

%% Opts backend => inet | socket: the first option of every socket made (default: the node's).
backend(#{backend := B}) when B =:= inet; B =:= socket -> [{inet_backend, B}];
backend(_) -> [].

%% Runs F(I, Ready) for I in 1..N in N processes at once; each result, or a failure map; all
%% within TimeoutMs. Ready() is a barrier: it returns go once every process called it or ended
%% (timeout if that takes more than ?STEP_TIMEOUT).
parallel(N, F, TimeoutMs) ->
    %% The payload blocks are made once, here: N processes racing to make them would each
    %% persistent_term:put its own copy, and every put after the first makes every process in the
    %% node scan its heap (with 1,000 clients, seconds in which no client sends).
    _ = [block2(Kind) || Kind <- [bin, text]],
    Me = self(),
    Deadline = erlang:monotonic_time(millisecond) + TimeoutMs,
    Ready = fun() ->
                    Me ! {ready, self()},
                    receive {go, Me} -> go after ?STEP_TIMEOUT -> timeout end
            end,
    Pids = [spawn_monitor(fun() -> Me ! {done, self(), F(I, Ready)} end) || I <- lists:seq(1, N)],
    Early = barrier(N, [], #{}, Deadline),
    [collect(Pid, MRef, Early, Deadline) || {Pid, MRef} <- Pids].

barrier(N, Waiting, Early, _Deadline) when length(Waiting) + map_size(Early) >= N ->
    [P ! {go, self()} || P <- Waiting],
    Early;
barrier(N, Waiting, Early, Deadline) ->
    Left = max(0, Deadline - erlang:monotonic_time(millisecond)),
    receive
        {ready, P} -> barrier(N, [P | Waiting], Early, Deadline);
        {done, P, R} -> barrier(N, Waiting, Early#{P => R}, Deadline);
        {'DOWN', _, process, P, Reason} ->
            barrier(N, Waiting, Early#{P => #{ok => false, error => {exit, Reason}, count => 0, bytes => 0}}, Deadline)
    after Left ->
            [P ! {go, self()} || P <- Waiting],
            Early
    end.

collect(Pid, MRef, Early, Deadline) ->
    case Early of
        #{Pid := R} ->
            demonitor(MRef, [flush]),
            R;
        _ ->
            Left = max(0, Deadline - erlang:monotonic_time(millisecond)),
            receive
                {done, Pid, R} -> demonitor(MRef, [flush]), R;
                {'DOWN', MRef, process, Pid, Reason} -> #{ok => false, error => {exit, Reason}, count => 0, bytes => 0}
            after Left ->
                    exit(Pid, kill),
                    #{ok => false, error => timeout, count => 0, bytes => 0}
            end
    end.

summarise(Results, T0) ->
    Failed = [R || R <- Results, maps:get(ok, R, false) =/= true],
    #{connections => length(Results),
      ok => length(Results) - length(Failed),
      messages => lists:sum([maps:get(count, R, 0) || R <- Results]),
      bytes => lists:sum([maps:get(bytes, R, 0) || R <- Results]),
      failures => lists:sublist(Failed, 5),
      ms => erlang:monotonic_time(millisecond) - T0}.

%% The deterministic payloads both sides make (suites/interop/payload.ts is the twin): packet K of
%% N bytes is a 64 KiB block, rotated by K * 7919, repeated as needed. Kind text keeps to printable
%% ASCII (lines without their delimiter).
gen(Kind, K, N) when N =< ?BLOCK ->
    O = (K * 7919) band (?BLOCK - 1),
    binary:part(block2(Kind), O, N);
gen(Kind, K, N) ->
    O = (K * 7919) band (?BLOCK - 1),
    Block = block(Kind),
    binary:part(binary:copy(Block, (O + N) div ?BLOCK + 1), O, N).

payload_crc(Kind, K, N) -> erlang:crc32(gen(Kind, K, N)).

block2(Kind) ->
    case persistent_term:get({?MODULE, block2, Kind}, undefined) of
        undefined ->
            B = block(Kind),
            B2 = <<B/binary, B/binary>>,
            persistent_term:put({?MODULE, block2, Kind}, B2),
            B2;
        B2 ->
            B2
    end.

block(Kind) ->
    case persistent_term:get({?MODULE, block, Kind}, undefined) of
        undefined ->
            B = << <<(byte(Kind, I))>> || I <- lists:seq(0, ?BLOCK - 1) >>,
            persistent_term:put({?MODULE, block, Kind}, B),
            B;
        B ->
            B
    end.

byte(bin, I) -> (I * 197 + (I bsr 8) * 101 + ((I bsr 3) band 7) * 13) band 255;
byte(text, I) -> 32 + byte(bin, I) rem 95.

%% --- running out of file descriptors --------------------------------------------------

%% fd_limit(#{backend, limit}): runs fd_limit_run(Backend) in a new VM under `ulimit -n Limit`
%% (this node keeps its own descriptors) and returns its result. The new VM compiles this file
%% itself: the driver loaded it from source, so the source is what code:which/1 names.
fd_limit(Opts) ->
    Backend = maps:get(backend, Opts, inet),
    Limit = maps:get(limit, Opts, 64),
    true = is_integer(Limit) andalso Limit >= 16 andalso Limit =< 4096,
    true = lists:member(Backend, [inet, socket]),
    Erl = filename:join([code:root_dir(), "bin", "erl"]),
    Load = case code:which(?MODULE) of
               %% Loaded from source (the driver): the new VM compiles it too.
               Src = "/" ++ _ when length(Src) > 4 ->
                   case filename:extension(Src) of
                       ".erl" -> io_lib:format("{ok, M, B} = compile:file(\"~s\", [binary]), {module, M} = code:load_binary(M, \"~s\", B), ", [Src, Src]);
                       _ -> io_lib:format("true = code:add_patha(\"~s\"), ", [filename:dirname(Src)])
                   end
           end,
    Eval = io_lib:format("~sio:format(\"~~n~~w~~n\", [gentcp_interop:fd_limit_run(~s)]), halt().", [Load, Backend]),
    Cmd = lists:flatten(io_lib:format("ulimit -n ~b && exec ~s -noshell -eval '~s' 2>/dev/null", [Limit, Erl, Eval])),
    Out = os:cmd(Cmd),
    %% The result is the last line that reads as a term (a logger report may come before it).
    Parsed = [T || L <- string:split(Out, "\n", all), {ok, Ts, _} <- [erl_scan:string(L ++ ".")], {ok, T} <- [erl_parse:parse_term(Ts)]],
    case Parsed of
        [] -> {no_result, list_to_binary(lists:sublist(Out, 2000))};
        _ -> lists:last(Parsed)
    end.

%% In a VM with few descriptors: listen until the process runs out, then connect and accept,
%% then again with one freed (the connect takes it) and with four freed. Sockets show as ok.
fd_limit_run(Backend) ->
    O = [{inet_backend, Backend}],
    %% One round first, so every module is loaded while descriptors remain (the code server needs them).
    {ok, L0} = gen_tcp:listen(0, O ++ [{active, false}]),
    {ok, P0} = inet:port(L0),
    {ok, C0} = gen_tcp:connect({127, 0, 0, 1}, P0, O, 2000),
    {ok, A0} = gen_tcp:accept(L0, 2000),
    [ok = gen_tcp:close(S) || S <- [A0, C0, L0]],
    {ok, L} = gen_tcp:listen(0, O ++ [{active, false}]),
    {ok, P} = inet:port(L),
    {Full, Ls} = listen_until(O, 5000, []),
    Connect = gen_tcp:connect({127, 0, 0, 1}, P, O, 2000),
    Accept = gen_tcp:accept(L, 200),
    [gen_tcp:close(S) || S <- lists:sublist(Ls, 1)],
    Connect1 = gen_tcp:connect({127, 0, 0, 1}, P, O, 2000),
    Accept1 = gen_tcp:accept(L, 200),
    [gen_tcp:close(S) || S <- lists:sublist(Ls, 2, 4)],
    Accept4 = gen_tcp:accept(L, 200),
    Result = [{listen, Full}, {connect, Connect}, {accept, Accept}, {connect_one_free, Connect1},
              {accept_none_free, Accept1}, {accept_four_free, Accept4}],
    [gen_tcp:close(S) || S <- [L | Ls]],
    [shown(R) || R <- Result].

listen_until(O, N, Acc) when N > 0 ->
    case gen_tcp:listen(0, O) of
        {ok, L} -> listen_until(O, N - 1, [L | Acc]);
        E -> {E, Acc}
    end;
listen_until(_, _, Acc) -> {limit, Acc}.

shown({K, {ok, _Socket}}) -> {K, ok};
shown(R) -> R.

%% --- what a recording was made on ------------------------------------------------------

%% The OTP release and version, the erts version, and the Debian packages of Erlang installed
%% where the node runs (none where Erlang was built from source, as in the official images).
node_info() ->
    Otp = erlang:system_info(otp_release),
    Version = case file:read_file(filename:join([code:root_dir(), "releases", Otp, "OTP_VERSION"])) of
                  {ok, V} -> string:trim(binary_to_list(V));
                  _ -> Otp
              end,
    Packages = case os:find_executable("dpkg-query") of
                   false -> [];
                   Q -> [list_to_binary(P) || "ii " ++ P <- string:split(os:cmd(Q ++ " -W -f='${db:Status-Abbrev}${Package} ${Version}\\n' 'erlang*' 2>/dev/null"), "\n", all)]
               end,
    #{otp => list_to_binary(Otp), version => list_to_binary(Version), erts => list_to_binary(erlang:system_info(version)), packages => Packages}.
