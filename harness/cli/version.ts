/** The versions of the suite's own package and of the gentcp library it runs. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';

function versionIn(file: string): string {
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** gentcp-conformance's version, from its package.json (the checkout's, or the installed package's). */
export function suiteVersion(): string {
  return versionIn(path.join(projectRoot(), 'package.json'));
}

/** The version of the gentcp library this suite resolves, or undefined when it cannot find it. */
export function libraryVersion(): string | undefined {
  try {
    return versionIn(createRequire(import.meta.url).resolve('gentcp/package.json'));
  } catch {
    return undefined;
  }
}
