/** Tests' way to run the CLI from source in a child process (not part of the built package). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';

export interface CliOutcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `gentcp ...args` from source, synchronously. The child's environment is this process's
 * without `drop` (NODE_OPTIONS always goes: Jest's flags are not the CLI's), plus `env`.
 */
export function runCli(args: string[], o: { env?: Record<string, string>; drop?: string[]; timeoutMs: number }): CliOutcome {
  const root = projectRoot();
  const base = { ...process.env };
  for (const k of ['NODE_OPTIONS', ...(o.drop ?? [])]) delete base[k];
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'harness', 'cli', 'main.ts'), ...args], {
    cwd: root,
    env: { ...base, ...o.env },
    encoding: 'utf8',
    timeout: o.timeoutMs,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
