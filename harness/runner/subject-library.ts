/**
 * The library a ts-style executor drives: the installed gentcp by default, or a
 * user's module (`--subject module:./impl.js`) exporting the same API.
 *
 * The contract a module meets (all named exports, as gentcp's own):
 * - required: `gen_tcp` (listen, connect, accept, send, recv, close, shutdown,
 *   controlling_process) and `inet` (setopts, getopts, port, peername, sockname,
 *   getstat), with gentcp's argument and result shapes;
 * - optional: `application`, `ErlangError`, `ErlangExit`, `Stacktrace`, `Pid`, `Ref` and `withEmulatedOtp`, and a
 *   `testing` object with `Process`, `ProcessExited`, `StreamSocket` and
 *   `ListenSocket` (what `gentcp/testing` exports). Each one left out is taken
 *   from the installed gentcp, so a module wrapping gentcp exports only the two
 *   namespaces; a fork with its own processes and sockets exports all of them.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as gentcp from 'gentcp';
import * as gentcpTesting from 'gentcp/testing';

type Fn = (...args: unknown[]) => unknown;
type Ctor<T = object> = abstract new (...args: never[]) => T;

export interface SubjectLibrary {
  /** Where it came from, for messages: `gentcp` or the module's path. */
  origin: string;
  gen_tcp: Record<'listen' | 'connect' | 'accept' | 'send' | 'recv' | 'close' | 'shutdown' | 'controlling_process', Fn>;
  /** info, monitor and cancel_monitor are optional: a library without them reports those steps unsupported. */
  inet: Record<'setopts' | 'getopts' | 'port' | 'peername' | 'sockname' | 'getstat', Fn> & Partial<Record<'info' | 'monitor' | 'cancel_monitor', Fn>>;
  /** application:get_env/set_env/unset_env, for the kernel's default socket options. */
  application: Record<'get_env' | 'set_env' | 'unset_env', Fn>;
  /** Made as well as caught: the steps raise badarg as gentcp does. */
  ErlangError: new (reason: unknown) => { reason: unknown };
  ErlangExit: Ctor<{ reason: unknown }>;
  /** The stack in an exit reason such as {function_clause, Stack}: its frames become Erlang's. */
  Stacktrace: Ctor<{ frames: readonly gentcp.StackFrame[] }>;
  Pid: new (id: number) => { id: number };
  /** The references inet.monitor returns. */
  Ref: new (id: number) => { id: number };
  /** Runs fn, and all it starts, emulating release otp (cases of several releases run at once). */
  withEmulatedOtp: <T>(otp: string, fn: () => T) => T;
  testing: {
    Process: typeof gentcpTesting.Process;
    ProcessExited: Ctor<{ reason: unknown }>;
    StreamSocket: Ctor<{ id: number; opts: { packet?: unknown }; closeNow(): void }>;
    ListenSocket: Ctor<{ id: number; closeNow(): void }>;
  };
}

const GEN_TCP = ['listen', 'connect', 'accept', 'send', 'recv', 'close', 'shutdown', 'controlling_process'] as const;
const INET = ['setopts', 'getopts', 'port', 'peername', 'sockname', 'getstat'] as const;

/** The installed gentcp and gentcp/testing. */
export function gentcpLibrary(): SubjectLibrary {
  return {
    origin: 'gentcp',
    gen_tcp: gentcp.gen_tcp as unknown as SubjectLibrary['gen_tcp'],
    inet: gentcp.inet as unknown as SubjectLibrary['inet'],
    application: gentcp.application as unknown as SubjectLibrary['application'],
    ErlangError: gentcp.ErlangError,
    ErlangExit: gentcp.ErlangExit,
    Stacktrace: gentcp.Stacktrace,
    Pid: gentcp.Pid as unknown as SubjectLibrary['Pid'],
    Ref: gentcp.Ref,
    withEmulatedOtp: gentcp.withEmulatedOtp as SubjectLibrary['withEmulatedOtp'],
    testing: gentcpTesting as unknown as SubjectLibrary['testing'],
  };
}

/** Checks a loaded module against the contract and fills what it leaves out from gentcp. */
export function adaptModule(mod: Record<string, unknown>, origin: string): SubjectLibrary {
  const base = gentcpLibrary();
  const missing: string[] = [];
  const namespace = <K extends string>(name: string, fns: readonly K[]): Record<K, Fn> => {
    const ns = mod[name] as Record<string, unknown> | undefined;
    if (typeof ns !== 'object' || ns === null) {
      missing.push(name);
      return {} as Record<K, Fn>;
    }
    for (const f of fns) if (typeof ns[f] !== 'function') missing.push(`${name}.${f}`);
    return ns as Record<K, Fn>;
  };
  const gen_tcp = namespace('gen_tcp', GEN_TCP);
  const inet = namespace('inet', INET);
  if (missing.length) throw new Error(`subject module ${origin} does not export ${missing.join(', ')} (see "Your own implementation as the subject" in the README)`);
  const pick = <T>(value: unknown, fallback: T, what: string): T => {
    if (value === undefined) return fallback;
    if (typeof value !== 'function') throw new Error(`subject module ${origin}: ${what} is exported but is not a function or class`);
    return value as T;
  };
  const testing = (mod.testing ?? {}) as Record<string, unknown>;
  return {
    origin,
    gen_tcp,
    inet,
    application: (mod.application as SubjectLibrary['application'] | undefined) ?? base.application,
    ErlangError: pick(mod.ErlangError, base.ErlangError, 'ErlangError'),
    ErlangExit: pick(mod.ErlangExit, base.ErlangExit, 'ErlangExit'),
    Stacktrace: pick(mod.Stacktrace, base.Stacktrace, 'Stacktrace'),
    Pid: pick(mod.Pid, base.Pid, 'Pid'),
    Ref: pick(mod.Ref, base.Ref, 'Ref'),
    withEmulatedOtp: pick(mod.withEmulatedOtp, base.withEmulatedOtp, 'withEmulatedOtp'),
    testing: {
      Process: pick(testing.Process, base.testing.Process, 'testing.Process'),
      ProcessExited: pick(testing.ProcessExited, base.testing.ProcessExited, 'testing.ProcessExited'),
      StreamSocket: pick(testing.StreamSocket, base.testing.StreamSocket, 'testing.StreamSocket'),
      ListenSocket: pick(testing.ListenSocket, base.testing.ListenSocket, 'testing.ListenSocket'),
    },
  };
}

const loaded = new Map<string, Promise<SubjectLibrary>>();

/** Imports the module at `file` (relative to the cwd), once per path. */
export function loadModuleLibrary(file: string): Promise<SubjectLibrary> {
  const abs = path.resolve(file);
  let p = loaded.get(abs);
  if (!p) {
    p = import(pathToFileURL(abs).href).then(
      (mod: Record<string, unknown>) => adaptModule(mod, file),
      (e: unknown) => {
        throw new Error(`cannot load subject module ${file} (${abs}): ${(e as Error).message}`);
      },
    );
    loaded.set(abs, p);
  }
  return p;
}
