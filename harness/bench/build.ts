/**
 * The bench measures gentcp as a user gets it: compiled JavaScript, not code
 * run through tsx (whose esbuild transform wraps every function in __name(),
 * which costs a call per closure made). Each src/ and harness/bench/ file is
 * transpiled with TypeScript's own emit into node_modules/.cache/gentcp-bench.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'build') out.push(...tsFiles(p));
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Transpiles the library and the bench; returns the directory that mirrors the project root. */
export function buildForBench(root: string): string {
  const outRoot = join(root, 'node_modules/.cache/gentcp-bench');
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    esModuleInterop: true,
    isolatedModules: true,
  };
  for (const file of [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'harness/bench'))]) {
    const rel = relative(root, file);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
    const dest = join(outRoot, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, outputText);
  }
  // Node decides the module format from the nearest package.json.
  writeFileSync(join(outRoot, 'package.json'), '{ "type": "module" }\n');
  return outRoot;
}
