/** The implementations a scenario can run against. */
import type { Backend } from '../scenario/schema.js';

export const SUBJECTS = ['erlang:inet', 'erlang:socket', 'ts:inet', 'ts:socket'] as const;
export type SubjectName = (typeof SUBJECTS)[number];

export interface Subject {
  name: SubjectName;
  impl: 'erlang' | 'ts';
  backend: Backend;
}

/**
 * What the suite tests unless told otherwise: the gentcp library on both backends,
 * each against real Erlang. The CLI's conformance and Jest share it.
 */
export const DEFAULT_SUBJECTS: readonly SubjectName[] = ['ts:inet', 'ts:socket'];

/** Real Erlang against itself (gentcp selfcheck): checks the oracle, not the library. */
export const SELFCHECK_SUBJECTS: readonly SubjectName[] = ['erlang:inet', 'erlang:socket'];

export function parseSubject(s: string): Subject {
  if (!(SUBJECTS as readonly string[]).includes(s)) throw new Error(`unknown subject "${s}" (one of ${SUBJECTS.join(', ')})`);
  const [impl, backend] = s.split(':') as ['erlang' | 'ts', Backend];
  return { name: s as SubjectName, impl, backend };
}

/** By default a subject is compared with the real Erlang backend of the same name. */
export function defaultAgainst(s: Subject): SubjectName {
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
  return names as SubjectName[];
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
