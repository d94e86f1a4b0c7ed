#!/usr/bin/env escript
%% Boots the gentcp reference driver: compiles src/*.erl in memory and runs it.
%% Kept as an escript so one file starts it on any OTP from 25 on, in a container or locally.
%% A repro bundle carries this same file as repro.escript, beside the modules a replay needs
%% (harness/repro/bundle.ts): under that name it replays the bundle instead (gentcp_replay).
%%! -noshell +sbwt none
-mode(compile).

main(Args) ->
    Dir = filename:dirname(filename:absname(escript:script_name())),
    Files = filelib:wildcard(filename:join([Dir, "src", "*.erl"])),
    lists:foreach(fun load/1, Files),
    case filename:basename(escript:script_name()) of
        "repro.escript" -> gentcp_replay:main(Dir, Args);
        _ -> gentcp_driver:main(Args)
    end.

%% Warnings go to stderr: stdout is the driver's READY line, or a replay's trace.
load(File) ->
    case compile:file(File, [binary, return_errors, return_warnings]) of
        {ok, Mod, Bin, Warnings} ->
            [io:format(standard_error, "~ts:~w: warning: ~ts~n", [F, Where, M:format_error(D)]) || {F, Ws} <- Warnings, {Where, M, D} <- Ws],
            {module, Mod} = code:load_binary(Mod, File, Bin);
        {error, Errors, _} ->
            io:format(standard_error, "gentcp driver: cannot compile ~s: ~p~n", [File, Errors]),
            halt(3)
    end.
