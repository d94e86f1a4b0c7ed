/** Tests' way to run the CLI from source in a child process (not part of the built package). */
import { execFile, spawnSync } from 'node:child_process';
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
export function runCli(args: string[], o: CliRunOptions): CliOutcome {
  const r = spawnSync(process.execPath, cliArgv(args), { ...spawnOptions(o), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `runCli` without blocking, so that several CLI runs (each mostly waiting on sockets) overlap. */
export function runCliAsync(args: string[], o: CliRunOptions): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgv(args), { ...spawnOptions(o), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? null : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

export interface CliRunOptions {
  env?: Record<string, string>;
  drop?: string[];
  timeoutMs: number;
}

function cliArgv(args: string[]): string[] {
  return ['--import', 'tsx', path.join(projectRoot(), 'harness', 'cli', 'main.ts'), ...args];
}

function spawnOptions(o: CliRunOptions): { cwd: string; env: NodeJS.ProcessEnv; timeout: number } {
  const base = { ...process.env };
  for (const k of ['NODE_OPTIONS', ...(o.drop ?? [])]) delete base[k];
  return { cwd: projectRoot(), env: { ...base, ...o.env }, timeout: o.timeoutMs };
}
