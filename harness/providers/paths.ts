/** Where the Erlang side lives on disk, and the directory shared with the node. */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';

export function erlangDir(): string {
  return path.join(projectRoot(), 'erlang');
}

export function driverScript(): string {
  return path.join(erlangDir(), 'gentcp_driver.escript');
}

/** Unix socket paths for `local` scenarios live here; containers mount it at the same path. */
export function sharedDir(): string {
  const dir = path.join(tmpdir(), `gentcp-shared-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true, mode: 0o777 });
  return dir;
}
