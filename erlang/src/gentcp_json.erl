%% JSON for the replay of a repro bundle (gentcp_replay), on every OTP from 25 on
%% (the json module came with OTP 27).
%%
%% decode/1: objects are maps with binary keys, arrays lists, strings UTF-8 binaries,
%% true/false/null those atoms. encode/1 takes {obj, [{Key, Value}]}, lists (arrays),
%% binaries (strings of latin1 bytes, as the harness writes binaries), {chars, Unicode}
%% (a string of characters), numbers, true/false/null; its output is ASCII.
-module(gentcp_json).
-export([decode/1, encode/1]).

decode(Bin) ->
    {V, Rest} = value(skip(Bin)),
    <<>> = skip(Rest),
    V.

value(<<${, R/binary>>) -> object(skip(R), #{});
value(<<$[, R/binary>>) -> array(skip(R), []);
value(<<$", R/binary>>) -> string(R, []);
value(<<"true", R/binary>>) -> {true, R};
value(<<"false", R/binary>>) -> {false, R};
value(<<"null", R/binary>>) -> {null, R};
value(R) -> number(R, 0).

object(<<$}, R/binary>>, M) when map_size(M) =:= 0 -> {M, R};
object(<<$", R/binary>>, M) ->
    {K, R1} = string(R, []),
    <<$:, R2/binary>> = skip(R1),
    {V, R3} = value(skip(R2)),
    case skip(R3) of
        <<$,, R4/binary>> -> object(skip(R4), M#{K => V});
        <<$}, R4/binary>> -> {M#{K => V}, R4}
    end.

array(<<$], R/binary>>, []) -> {[], R};
array(R, Acc) ->
    {V, R1} = value(R),
    case skip(R1) of
        <<$,, R2/binary>> -> array(skip(R2), [V | Acc]);
        <<$], R2/binary>> -> {lists:reverse([V | Acc]), R2}
    end.

string(<<$", R/binary>>, Acc) -> {iolist_to_binary(lists:reverse(Acc)), R};
string(<<"\\u", H:4/binary, R/binary>>, Acc) ->
    case binary_to_integer(H, 16) of
        Hi when Hi >= 16#D800, Hi =< 16#DBFF ->
            <<"\\u", L:4/binary, R1/binary>> = R,
            C = 16#10000 + ((Hi - 16#D800) bsl 10) + (binary_to_integer(L, 16) - 16#DC00),
            string(R1, [<<C/utf8>> | Acc]);
        C ->
            string(R, [<<C/utf8>> | Acc])
    end;
string(<<$\\, C, R/binary>>, Acc) -> string(R, [unescape(C) | Acc]);
string(<<C, R/binary>>, Acc) -> string(R, [C | Acc]).

unescape($b) -> $\b;
unescape($f) -> $\f;
unescape($n) -> $\n;
unescape($r) -> $\r;
unescape($t) -> $\t;
unescape(C) -> C.

number(Bin, N) ->
    case Bin of
        <<_:N/binary, C, _/binary>> when C >= $0, C =< $9; C =:= $-; C =:= $+; C =:= $.; C =:= $e; C =:= $E ->
            number(Bin, N + 1);
        <<Num:N/binary, R/binary>> when N > 0 ->
            {to_number(Num), R}
    end.

to_number(Num) ->
    case binary:match(Num, [<<".">>, <<"e">>, <<"E">>]) of
        nomatch -> binary_to_integer(Num);
        {_, _} ->
            %% Erlang wants digits on both sides of the point: 1e21 is 1.0e21.
            case binary:match(Num, <<".">>) of
                nomatch -> [M, E] = re:split(Num, "[eE]"), binary_to_float(<<M/binary, ".0e", E/binary>>);
                _ -> binary_to_float(Num)
            end
    end.

skip(<<C, R/binary>>) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r -> skip(R);
skip(R) -> R.

encode({obj, Fields}) ->
    [${, lists:join($,, [[quote(K), $:, encode(V)] || {K, V} <- Fields]), $}];
encode(L) when is_list(L) -> [$[, lists:join($,, [encode(X) || X <- L]), $]];
encode(B) when is_binary(B) -> quote(B);
encode({chars, Chars}) -> [$", [char(C) || C <- unicode:characters_to_list(Chars)], $"];
encode(I) when is_integer(I) -> integer_to_binary(I);
encode(F) when is_float(F) -> float_to_binary(F, [short]);
encode(A) when A =:= true; A =:= false; A =:= null -> atom_to_binary(A, utf8).

%% Latin1 bytes as characters (received data can be megabytes: a table of the 256 escapes).
quote(B) ->
    T = escapes(),
    [$", << <<(element(C + 1, T))/binary>> || <<C>> <= B >>, $"].

escapes() ->
    case get(gentcp_json_escapes) of
        undefined ->
            T = list_to_tuple([iolist_to_binary(char(C)) || C <- lists:seq(0, 255)]),
            put(gentcp_json_escapes, T),
            T;
        T -> T
    end.

char($") -> <<"\\\"">>;
char($\\) -> <<"\\\\">>;
char(C) when C >= 32, C < 127 -> <<C>>;
char(C) when C < 16#10000 -> io_lib:format("\\u~4.16.0b", [C]);
char(C) -> D = C - 16#10000, [char(16#D800 + (D bsr 10)), char(16#DC00 + (D band 16#3FF))].
