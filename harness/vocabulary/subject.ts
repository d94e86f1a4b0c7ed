/** The implementations a scenario can run against. */

/** gen_tcp's two backends: inet_drv (`inet`) and the socket module (`socket`). */
export const BACKENDS = ['inet', 'socket'] as const;
export type Backend = (typeof BACKENDS)[number];

/** The built-in subjects: real Erlang's two backends and the gentcp library on each. */
export const SUBJECTS = ['erlang:inet', 'erlang:socket', 'ts:inet', 'ts:socket'] as const;
export type BuiltinSubject = (typeof SUBJECTS)[number];
/**
 * A subject as the CLI and the reports name it: a built-in one, `module:<path>[@backend]`
 * (a JS module exporting the gentcp API) or `node:<host>:<port>[@backend]` /
 * `node:cmd:<command>[@backend]` (a node speaking erlang/PROTOCOL.md).
 */
export type SubjectName = string;

/** Where a node: subject's driver is: a running one, or a command that starts one. */
export type NodeTarget = { kind: 'address'; host: string; port: number } | { kind: 'command'; command: string };

export interface Subject {
  name: SubjectName;
  /** erlang and ts are built in; module and node are the user's own implementation. */
  impl: 'erlang' | 'ts' | 'module' | 'node';
  backend: Backend;
  /** module: the module's path as given (resolved against the cwd when loaded). */
  module?: string;
  /** node: where its driver is. */
  node?: NodeTarget;
}

/**
 * What the suite tests unless told otherwise: the gentcp library on both backends,
 * each against real Erlang. The CLI's conformance and Jest share it.
 */
export const DEFAULT_SUBJECTS: readonly BuiltinSubject[] = ['ts:inet', 'ts:socket'];

/** Real Erlang against itself (gentcp selfcheck): checks the oracle, not the library. */
export const SELFCHECK_SUBJECTS: readonly BuiltinSubject[] = ['erlang:inet', 'erlang:socket'];

/** `rest@inet` or `rest@socket` to [rest, backend]; no suffix means inet. */
function splitBackend(s: string, what: string): [string, Backend] {
  const at = s.lastIndexOf('@');
  if (at < 0) return [s, 'inet'];
  const backend = s.slice(at + 1);
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new Error(`${what}: the backend after @ is inet or socket, not "${backend}"`);
  return [s.slice(0, at), backend as Backend];
}

export function parseSubject(s: string): Subject {
  if ((SUBJECTS as readonly string[]).includes(s)) {
    const [impl, backend] = s.split(':') as ['erlang' | 'ts', Backend];
    return { name: s, impl, backend };
  }
  if (s.startsWith('module:')) {
    const [module, backend] = splitBackend(s.slice('module:'.length), `subject "${s}"`);
    if (!module) throw new Error(`subject "${s}": module: takes a path to a JS module (module:./impl.js)`);
    return { name: s, impl: 'module', backend, module };
  }
  if (s.startsWith('node:cmd:')) {
    const [command, backend] = splitBackend(s.slice('node:cmd:'.length), `subject "${s}"`);
    if (!command.trim()) throw new Error(`subject "${s}": node:cmd: takes a command that prints the GENTCP-DRIVER READY line`);
    return { name: s, impl: 'node', backend, node: { kind: 'command', command } };
  }
  if (s.startsWith('node:')) {
    const [address, backend] = splitBackend(s.slice('node:'.length), `subject "${s}"`);
    const m = /^(.+):(\d+)$/.exec(address);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) throw new Error(`subject "${s}": node: takes HOST:PORT of a driver (node:127.0.0.1:4000) or cmd:<command>`);
    return { name: s, impl: 'node', backend, node: { kind: 'address', host: m[1]!, port } };
  }
  throw new Error(`unknown subject "${s}" (one of ${SUBJECTS.join(', ')}, module:<path>[@backend] or node:<host>:<port>[@backend] / node:cmd:<command>[@backend])`);
}

/** By default a subject is compared with the real Erlang backend of the same name. */
export function defaultAgainst(s: Subject): BuiltinSubject {
  return `erlang:${s.backend}`;
}

/** A comma-separated list of subjects (`ts:inet,ts:socket`), each checked, none repeated. */
export function parseSubjects(list: string): SubjectName[] {
  const names = list.split(',').map((x) => x.trim());
  const seen = new Set<string>();
  for (const n of names) {
    parseSubject(n);
    if (seen.has(n)) throw new Error(`subject "${n}" is listed twice`);
    seen.add(n);
  }
  return names;
}

/** GENTCP_SUBJECTS when set, else DEFAULT_SUBJECTS: the one default of the CLI and of Jest. */
export function subjectsFromEnv(env: NodeJS.ProcessEnv = process.env): SubjectName[] {
  const list = env.GENTCP_SUBJECTS?.trim();
  if (!list) return [...DEFAULT_SUBJECTS];
  try {
    return parseSubjects(list);
  } catch (e) {
    throw new Error(`GENTCP_SUBJECTS: ${(e as Error).message}`);
  }
}
