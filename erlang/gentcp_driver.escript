#!/usr/bin/env escript
%% Boots the gentcp reference driver: compiles src/*.erl in memory and runs it.
%% Kept as an escript so one file starts it on any OTP from 25 on, in a container or locally.
%%! -noshell +sbwt none
-mode(compile).

main(Args) ->
    Src = filename:join(filename:dirname(filename:absname(escript:script_name())), "src"),
    Files = filelib:wildcard(filename:join(Src, "*.erl")),
    lists:foreach(fun load/1, Files),
    gentcp_driver:main(Args).

load(File) ->
    case compile:file(File, [binary, return_errors, report_warnings]) of
        {ok, Mod, Bin} ->
            {module, Mod} = code:load_binary(Mod, File, Bin);
        {ok, Mod, Bin, _Warnings} ->
            {module, Mod} = code:load_binary(Mod, File, Bin);
        {error, Errors, _} ->
            io:format(standard_error, "gentcp driver: cannot compile ~s: ~p~n", [File, Errors]),
            halt(3)
    end.
