/** The implementations a scenario can run against. */
import type { Backend } from '../scenario/schema.js';

export const SUBJECTS = ['erlang:inet', 'erlang:socket', 'ts:inet', 'ts:socket'] as const;
export type SubjectName = (typeof SUBJECTS)[number];

export interface Subject {
  name: SubjectName;
  impl: 'erlang' | 'ts';
  backend: Backend;
}

export function parseSubject(s: string): Subject {
  if (!(SUBJECTS as readonly string[]).includes(s)) throw new Error(`unknown subject "${s}" (one of ${SUBJECTS.join(', ')})`);
  const [impl, backend] = s.split(':') as ['erlang' | 'ts', Backend];
  return { name: s as SubjectName, impl, backend };
}

/** By default a subject is compared with the real Erlang backend of the same name. */
export function defaultAgainst(s: Subject): SubjectName {
  return `erlang:${s.backend}`;
}
