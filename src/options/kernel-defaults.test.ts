/**
 * The kernel's default options as connect and listen take them: the expectations are real
 * Erlang's (connect-listen.kernel-defaults-* on OTP 25, 27 and 29).
 */
import { get_env, set_env, unset_env } from '../application.js';
import { ErlangError, ErlangExit } from '../erlang/errors.js';
import { withKernelDefaults, type KernelDefaultsRule } from './kernel-defaults.js';

const INET: KernelDefaultsRule = { atoms: 'last', notAList: 'badarg' };
const SOCKET: KernelDefaultsRule = { atoms: 'dropped', notAList: 'ignored' };
const KEY = 'inet_default_connect_options';

afterEach(() => {
  unset_env('kernel', KEY);
  unset_env('kernel', 'inet_default_listen_options');
});

test('without defaults the options are as given', () => {
  expect(withKernelDefaults('connect', ['binary'], INET)).toEqual(['binary']);
});

test("defaults come first; the call's tuples and mode atoms win; {active,_} is dropped; {inet_backend,B} stays first", () => {
  set_env('kernel', KEY, [['nodelay', true], ['active', false], ['mode', 'binary'], ['recbuf', 20000]]);
  expect(withKernelDefaults('connect', [['inet_backend', 'inet'], 'list', ['nodelay', false]], INET)).toEqual([['inet_backend', 'inet'], ['recbuf', 20000], 'list', ['nodelay', false]]);
  expect(withKernelDefaults('listen', ['binary'], INET)).toEqual(['binary']);
});

test('atoms among the defaults: applied after the call on inet, dropped on the socket backend', () => {
  set_env('kernel', 'inet_default_listen_options', ['binary', ['packet', 2]]);
  expect(withKernelDefaults('listen', ['list'], INET)).toEqual([['packet', 2], 'list', 'binary']);
  expect(withKernelDefaults('listen', ['list'], SOCKET)).toEqual([['packet', 2], 'list']);
});

test('defaults that are no list: inet exits badarg, the socket backend ignores them', () => {
  set_env('kernel', KEY, 'notalist');
  expect(() => withKernelDefaults('connect', [], INET)).toThrow(ErlangExit);
  expect(withKernelDefaults('connect', ['binary'], SOCKET)).toEqual(['binary']);
});

test('application env: set, get, unset; keys and applications must be atoms', () => {
  expect(get_env('kernel', KEY)).toBe('undefined');
  expect(set_env('kernel', KEY, [])).toBe('ok');
  expect(get_env('kernel', KEY)).toEqual(['ok', []]);
  expect(unset_env('kernel', KEY)).toBe('ok');
  expect(get_env('kernel', KEY)).toBe('undefined');
  expect(() => set_env(1 as never, KEY, [])).toThrow(ErlangError);
});
