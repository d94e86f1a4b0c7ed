/** Where the repository's own files are: its root, and the recorded traces under fixtures/. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root, found from this file in both harness/ and dist/harness/. */
export function projectRoot(): string {
  const parts = here.split(path.sep);
  const i = parts.lastIndexOf('harness');
  const root = parts.slice(0, i).join(path.sep) || path.sep;
  return path.basename(root) === 'dist' ? path.dirname(root) : root;
}

/** Where a recorded trace lives: fixtures/traces/otp-<N>/<backend>/<id>.json (harness/recorded/store.ts reads and writes them). */
export function recordedTracePath(otp: string, subject: string, id: string, root = path.join(projectRoot(), 'fixtures', 'traces')): string {
  return path.join(root, `otp-${otp}`, subject.replace(/^erlang:/, ''), `${id}.json`);
}
