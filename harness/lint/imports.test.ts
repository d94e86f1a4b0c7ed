/**
 * The import rules, checked over every .ts and .mts import of src/, harness/ and suites/ (tests too:
 * a test lives in the lowest folder that may import all it uses). Layers, lowest first; a folder
 * imports its own files and lower layers only (LAYERS in imports.ts):
 *
 *   0 vocabulary       terms, traces, subjects, scenario ids and families, projectRoot: imports no harness folder
 *   1 term capture     the ETF and JSON codecs; packet capture
 *   2 scenario driver  the scenario format and its checks; the driver's control connection
 *   3 suites           the built-in scenarios and their builder
 *   4 compare providers  normalise, diff, verdicts, divergences | starting reference nodes (never each other)
 *   5 runner           running scenarios and cases; the one conformance iterator (runner/conformance.ts)
 *   6 report testing   reports | the reference nodes of a Jest run
 *   7 repro            reproducer bundles
 *   8 cli jest bench lint pack schemas, suites (Jest): verify.ts and the test files, suites/interop
 *   9 harness/api.ts   the package's exports
 *
 * And: no cycle between folders; src/ imports nothing outside src/; only suites/interop reaches
 * src/ by path (everything else imports 'gentcp' or 'gentcp/testing').
 */
import { checkImports, folderOf, importsOf, LAYERS, RULES, scanImports, type SourceImports } from './imports.js';
import { projectRoot } from '../vocabulary/project.js';

const where = (files: SourceImports[], layers = LAYERS): Array<[string, string, string]> => checkImports(files, layers).map((f) => [f.rule, f.file, f.import]);

describe('the repository', () => {
  const files = scanImports(projectRoot());

  test('keeps every import rule', () => {
    expect(checkImports(files).map((f) => f.message)).toEqual([]);
  });

  test('has a file in every folder LAYERS names, and the scan sees dynamic imports', () => {
    const folders = new Set(files.map((f) => folderOf(f.file)));
    expect(LAYERS.flat().filter((name) => !folders.has(name))).toEqual([]);
    expect(files.find((f) => f.file === 'harness/cli/conformance.ts')?.imports).toContain('../report/html.js');
  });
});

describe('the checker', () => {
  test('reads static, type-only, re-exported, side-effect and dynamic imports', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "import './d.js';",
      "const e = await import('./e.js');",
      "const notAnImport = 'import(\"./f.js\")';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js']);
  });

  test('fails on a cycle between folders, naming each import on it', () => {
    const files = [
      { file: 'harness/x/one.ts', imports: ['../y/two.js'] },
      { file: 'harness/y/two.ts', imports: ['../z/three.js'] },
      { file: 'harness/z/three.ts', imports: ['../x/one.js'] },
    ];
    const cycles = checkImports(files, [['harness/x', 'harness/y', 'harness/z']]).filter((f) => f.rule === RULES.cycle);
    expect(cycles.map((f) => f.message)).toEqual([
      "harness/x → harness/y → harness/z → harness/x: harness/x/one.ts imports '../y/two.js'; harness/y/two.ts imports '../z/three.js'; harness/z/three.ts imports '../x/one.js': no cycle between folders",
    ]);
    // Without the import that closes it, no cycle is left.
    expect(checkImports(files.slice(0, 2), [['harness/x', 'harness/y', 'harness/z']]).filter((f) => f.rule === RULES.cycle)).toEqual([]);
  });

  test('fails on each forbidden arrow, naming the file, the import and the rule', () => {
    const files = [
      { file: 'src/socket/x.ts', imports: ['../../harness/runner/run.js', 'zod', 'node:net', '../index.js'] },
      { file: 'src/socket/x.test.ts', imports: ['fast-check'] },
      { file: 'harness/runner/x.ts', imports: ['../../src/socket/stream.js', 'gentcp'] },
      { file: 'suites/econnreset/x.ts', imports: ['../../src/index.js'] },
      { file: 'suites/interop/x.ts', imports: ['../../src/examples/client-server.js'] },
      { file: 'harness/compare/x.ts', imports: ['../providers/paths.js', '../runner/case.js', '../term/json.js'] },
      { file: 'harness/scenario/x.ts', imports: ['../compare/diff.js', '../../suites/builder.js', '../vocabulary/ids.js'] },
      { file: 'harness/report/x.ts', imports: ['../repro/bundle.js', '../testing/references.js', '../runner/case.js'] },
      { file: 'harness/elsewhere/x.ts', imports: ['../vocabulary/ids.js'] },
    ];
    expect(where(files)).toEqual([
      [RULES.src, 'src/socket/x.ts', '../../harness/runner/run.js'],
      [RULES.src, 'src/socket/x.ts', 'zod'],
      [RULES.library, 'harness/runner/x.ts', '../../src/socket/stream.js'],
      [RULES.library, 'suites/econnreset/x.ts', '../../src/index.js'],
      [RULES.compare, 'harness/compare/x.ts', '../providers/paths.js'],
      [RULES.compare, 'harness/compare/x.ts', '../runner/case.js'],
      [RULES.scenario, 'harness/scenario/x.ts', '../compare/diff.js'],
      [RULES.scenario, 'harness/scenario/x.ts', '../../suites/builder.js'],
      [RULES.layer, 'harness/report/x.ts', '../repro/bundle.js'],
      [RULES.layer, 'harness/report/x.ts', '../testing/references.js'],
      [RULES.unknown, 'harness/elsewhere/x.ts', '../vocabulary/ids.js'],
    ]);
    expect(checkImports(files)[0]!.message).toBe("src/socket/x.ts imports '../../harness/runner/run.js' (harness/runner/run.ts): src/ imports nothing outside src/ (and no package but Node itself, outside its tests)");
  });

  test('puts suites/verify.ts and the suites tests above the scenarios they run', () => {
    expect(['suites/verify.ts', 'suites/conformance.test.ts', 'suites/econnreset/recv.ts', 'suites/builder.ts', 'suites/interop/common.ts', 'harness/api.ts', 'harness/cli/main.ts', 'src/index.ts', 'erlang/x.ts'].map(folderOf)).toEqual([
      'suites (Jest)',
      'suites (Jest)',
      'suites',
      'suites',
      'suites/interop',
      'harness/api.ts',
      'harness/cli',
      'src',
      undefined,
    ]);
  });
});
