%% The gentcp reference driver: one Erlang node that runs gen_tcp scenario steps
%% for the TypeScript harness. See ../PROTOCOL.md for the control channel.
-module(gentcp_driver).
-export([main/1]).

-define(DEFAULT_IDLE_MS, 300000).

main(_Args) ->
    Token = case os:getenv("GENTCP_TOKEN") of
                false -> fail("GENTCP_TOKEN is not set; the harness passes a token so nothing else can drive this node");
                "" -> fail("GENTCP_TOKEN is empty");
                T -> list_to_binary(T)
            end,
    Port = env_int("GENTCP_DRIVER_PORT", 0),
    IdleMs = env_int("GENTCP_IDLE_MS", ?DEFAULT_IDLE_MS),
    %% Accepted sockets inherit the small packet_size: a client that has not shown
    %% the token cannot make the node read a big frame (the session lifts it after welcome).
    Opts = [binary, {packet, 4}, {packet_size, gentcp_session:hello_max_bytes()}, {active, false},
            {nodelay, true}, {reuseaddr, true}, {ip, {127, 0, 0, 1}}],
    case gen_tcp:listen(Port, Opts) of
        {ok, L} ->
            {ok, Bound} = inet:port(L),
            {Rel, Vsn} = otp_version(),
            io:format("GENTCP-DRIVER READY port=~b otp=~s version=~s pid=~s~n",
                      [Bound, Rel, Vsn, os:getpid()]),
            Info = #{otp => list_to_binary(Rel), version => list_to_binary(Vsn),
                     driver => <<"1">>, os_pid => list_to_binary(os:getpid())},
            Self = self(),
            spawn_link(fun() -> accept_loop(L, Token, Info, Self) end),
            %% A local harness holds our stdin: its end means the harness is gone.
            os:getenv("GENTCP_EXIT_ON_STDIN_EOF") =:= "1" andalso spawn(fun watch_stdin/0),
            supervise(0, IdleMs);
        {error, Reason} ->
            fail(io_lib:format("cannot listen on 127.0.0.1:~b: ~p", [Port, Reason]))
    end.

%% Counts live sessions; exits when none has been connected for IdleMs, so a
%% driver whose harness vanished does not outlive it for long.
supervise(Live, IdleMs) ->
    Timeout = case Live of 0 -> IdleMs; _ -> infinity end,
    receive
        {session, up} -> supervise(Live + 1, IdleMs);
        {session, down} -> supervise(Live - 1, IdleMs)
    after Timeout ->
        io:format("GENTCP-DRIVER EXIT idle for ~b ms~n", [IdleMs]),
        erlang:halt(0)
    end.

watch_stdin() ->
    case io:get_line("") of
        eof -> stdin_closed();
        {error, _} -> stdin_closed();
        _ -> watch_stdin()
    end.

stdin_closed() ->
    io:format("GENTCP-DRIVER EXIT stdin closed~n"),
    erlang:halt(0).

accept_loop(L, Token, Info, Sup) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            Pid = spawn(fun() -> gentcp_session:start(Token, Info, Sup) end),
            ok = gen_tcp:controlling_process(S, Pid),
            Pid ! {control_socket, S},
            accept_loop(L, Token, Info, Sup);
        {error, Reason} ->
            fail(io_lib:format("control listener failed: ~p", [Reason]))
    end.

otp_version() ->
    Rel = erlang:system_info(otp_release),
    File = filename:join([code:root_dir(), "releases", Rel, "OTP_VERSION"]),
    Vsn = case file:read_file(File) of
              {ok, B} -> string:trim(binary_to_list(B));
              _ -> Rel
          end,
    {Rel, Vsn}.

env_int(Name, Default) ->
    case os:getenv(Name) of
        false -> Default;
        "" -> Default;
        V -> list_to_integer(V)
    end.

fail(Msg) ->
    io:format(standard_error, "GENTCP-DRIVER FAILED ~s~n", [Msg]),
    erlang:halt(2).
