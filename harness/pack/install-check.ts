/**
 * What a user installs, tested as installed: packs both packages, installs the
 * tarballs into empty projects (no links to this checkout) and uses them from
 * there. Run by .ci/run after the build: `npx tsx harness/pack/install-check.ts`.
 * Prints each check and the sizes; exits 1 on the first check that fails.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readmeLibraryExample } from './readme-example.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const t0 = performance.now();
const work = mkdtempSync(path.join(tmpdir(), 'gentcp-install-check-'));
const keep = process.env.GENTCP_KEEP_INSTALL_CHECK === '1';

class CheckFailed extends Error {}

/** A user's environment: none of the settings this repository's own test runs make (CI sets GENTCP_SUBJECTS). */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('GENTCP_')) delete env[k];
  return env;
}

function sh(cmd: string, args: string[], cwd: string, what: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...userEnv(), NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 });
  if (r.error) throw new CheckFailed(`${what}: ${r.error.message}`);
  return r;
}

function must(r: SpawnSyncReturns<string>, what: string, code = 0): string {
  if (r.status !== code) throw new CheckFailed(`${what}: exit ${r.status} (expected ${code})\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function ok(what: string, detail = ''): void {
  console.log(`[install-check] ok   ${what}${detail ? `: ${detail}` : ''}`);
}

function check(cond: boolean, what: string, detail: string): void {
  if (!cond) throw new CheckFailed(`${what}: ${detail}`);
  ok(what, detail);
}

/** Bytes under a directory (apparent sizes, links not followed). */
function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) n += du(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

/** Installed packages: every package.json directly under node_modules (scopes included). */
function packages(nm: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.name.startsWith('@')) walk(p);
      else {
        out.push(path.relative(nm, p));
        try {
          walk(path.join(p, 'node_modules'));
        } catch {
          // No nested node_modules.
        }
      }
    }
  };
  walk(nm);
  return out;
}

const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

function project(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `install-check-${name}`, version: '1.0.0', private: true, type: 'module' }, null, 2));
  return dir;
}

function npmInstall(dir: string, specs: string[], what: string): void {
  must(sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir, what), what);
}

function main(): void {
  // 1. Pack both packages.
  const packDir = path.join(work, 'tarballs');
  mkdirSync(packDir);
  const pack = (args: string[], what: string): string => {
    const out = must(sh('npm', ['pack', '--json', '--pack-destination', packDir, ...args], root, what), what);
    const [info] = JSON.parse(out) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
    const file = path.join(packDir, path.basename(info!.filename));
    ok(what, `${path.basename(file)}, ${mb(info!.size)} packed, ${mb(info!.unpackedSize)} unpacked, ${info!.entryCount} files`);
    return file;
  };
  const lib = pack(['-w', 'gentcp'], 'pack the library');
  const cli = pack([], 'pack the conformance CLI');
  const listing = sh('tar', ['tzf', lib], root, 'list the library tarball').stdout.split('\n');
  check(listing.some((f) => /^package\/prebuilds\/linux-x64\/node\.napi\.glibc\.node$/.test(f)), 'the library ships the prebuilt addon', 'prebuilds/linux-x64/node.napi.glibc.node');
  check(listing.includes('package/native/gentcp_native.c') && listing.includes('package/native/binding.gyp'), 'the library ships the addon source', 'native/binding.gyp, native/gentcp_native.c');

  // 2. The library alone.
  const libProj = project('library');
  const t1 = performance.now();
  npmInstall(libProj, [lib], 'npm install the library tarball');
  const nm = path.join(libProj, 'node_modules');
  const installed = packages(nm);
  const manifest = JSON.parse(readFileSync(path.join(nm, 'gentcp', 'package.json'), 'utf8')) as { dependencies?: object; version: string };
  check(Object.keys(manifest.dependencies ?? {}).length === 0, 'the library has no runtime dependencies', 'dependencies: {}');
  check(installed.length === 1 && installed[0] === 'gentcp', 'installing the library adds one package', `${installed.join(', ')}; node_modules ${mb(du(nm))}; ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  const roundTrip = `
    const [, L] = await gen_tcp.listen(0, ['binary', ['active', false]]);
    const [, port] = inet.port(L);
    const [, C] = await gen_tcp.connect([127, 0, 0, 1], port, ['binary', ['packet', 2]]);
    const [, S] = await gen_tcp.accept(L, 2000);
    await inet.setopts(S, [['packet', 2]]);
    await gen_tcp.send(C, 'hello');
    const r = await gen_tcp.recv(S, 0, 2000);
    for (const s of [C, S, L]) await gen_tcp.close(s);
    const n = native();
    console.log(JSON.stringify({ recv: [r[0], Buffer.from(r[1]).toString()], variant: n.variant, origin: n.origin ?? null }));`;
  const esm = must(sh('node', ['--input-type=module', '-e', `import { gen_tcp, inet, native } from 'gentcp';\n${roundTrip}`], libProj, 'import gentcp'), 'import gentcp');
  const cjs = must(sh('node', ['--input-type=commonjs', '-e', `const { gen_tcp, inet, native } = require('gentcp');\n(async () => {${roundTrip}})();`], libProj, 'require gentcp'), 'require gentcp');
  const expected = JSON.stringify({ recv: ['ok', 'hello'], variant: 'native', origin: 'prebuilt' });
  check(esm.trim() === expected, 'import of gentcp works, on the prebuilt addon', esm.trim());
  check(cjs.trim() === expected, 'require of gentcp works, on the prebuilt addon', cjs.trim());

  // 3. The README's library example type-checks under tsc --strict, node16 and bundler resolution.
  npmInstall(libProj, ['typescript@~5.9', '@types/node@20'], 'npm install typescript and @types/node');
  writeFileSync(path.join(libProj, 'example.ts'), readmeLibraryExample(readFileSync(path.join(root, 'README.md'), 'utf8')));
  for (const [module, resolution] of [['node16', 'node16'], ['esnext', 'bundler']]) {
    const cfg = `tsconfig.${resolution}.json`;
    writeFileSync(
      path.join(libProj, cfg),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module, moduleResolution: resolution, types: ['node'] }, files: ['example.ts'] }),
    );
    must(sh('npx', ['tsc', '-p', cfg], libProj, `tsc ${resolution}`), `the README example type-checks (moduleResolution ${resolution})`);
    ok(`the README example type-checks under tsc --strict`, `moduleResolution ${resolution}`);
  }

  // 4. The CLI, with the library from its tarball (not from the registry, not from the checkout).
  const cliProj = project('cli');
  const t2 = performance.now();
  npmInstall(cliProj, [lib, cli], 'npm install both tarballs');
  const cnm = path.join(cliProj, 'node_modules');
  const libThere = JSON.parse(readFileSync(path.join(cnm, 'gentcp', 'package.json'), 'utf8')) as { version: string };
  check(libThere.version === manifest.version, 'the CLI uses the library tarball', `gentcp ${libThere.version}`);
  ok('installing the CLI', `${packages(cnm).length} packages, node_modules ${mb(du(cnm))}, ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  const gentcp = (args: string[], what: string, code = 0): string => must(sh('npx', ['--no-install', 'gentcp', ...args], cliProj, what), what, code);
  const version = gentcp(['--version'], 'gentcp --version').trim();
  check(version === (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version, 'gentcp --version', version);
  const run = gentcp(['run', 'econnreset.active-show', '--subject', 'ts:inet', '--reference', 'local'], 'gentcp run');
  check(/verdict: match\b/.test(run), 'gentcp run econnreset.active-show --subject ts:inet --reference local', 'exit 0, verdict: match');
  gentcp(['conformance', '--only', 'econnreset', '--reference', 'local', '--out', 'out-econnreset'], 'gentcp conformance --only econnreset');
  const results = (dir: string): Array<{ id: string; subject: string; verdict: string }> =>
    (JSON.parse(readFileSync(path.join(cliProj, dir, 'results.json'), 'utf8')) as { results: Array<{ id: string; subject: string; verdict: string }> }).results;
  const econn = results('out-econnreset');
  check(econn.length > 0 && econn.every((r) => r.subject.startsWith('ts:')), 'gentcp conformance tests the library by default', `${econn.length} cases, subjects ${[...new Set(econn.map((r) => r.subject))].join(', ')}`);
  gentcp(['conformance', '--only', 'backlog', '--reference', 'local', '--out', 'out-backlog'], 'gentcp conformance --only backlog');
  const backlog = results('out-backlog');
  const notMatch = backlog.filter((r) => r.verdict !== 'match' && r.verdict !== 'unsupported');
  check(backlog.length > 0 && notMatch.length === 0, 'the backlog scenarios match on the installed addon', notMatch.length ? notMatch.map((r) => `${r.id} ${r.subject}: ${r.verdict}`).join('; ') : `${backlog.length} cases, all match`);
  // The recordings ship with the package: the library judged by them, with no Erlang started.
  gentcp(['conformance', '--only', 'econnreset', '--reference', 'recorded:27', '--out', 'out-recorded'], 'gentcp conformance --reference recorded:27');
  const recorded = results('out-recorded');
  const badRecorded = recorded.filter((r) => !['match', 'match-alt', 'known-divergence', 'unsupported'].includes(r.verdict));
  check(recorded.length > 0 && badRecorded.length === 0, 'the installed recordings judge the library offline', badRecorded.length ? badRecorded.map((r) => `${r.id} ${r.subject}: ${r.verdict}`).join('; ') : `${recorded.length} cases against recorded:27`);
  gentcp(['repro', 'econnreset.active-show', '--reference', 'local', '--out', 'repro'], 'gentcp repro');
  const bundle = readdirSync(path.join(cliProj, 'repro'));
  check(['repro.escript', 'repro.mjs', 'README.md'].every((f) => bundle.includes(f)), 'gentcp repro writes a bundle', bundle.join(', '));
  // Each replay's output compared, line for line, with its recorded trace by the installed package's own compare.
  const compare = path.join('node_modules', 'gentcp-conformance', 'dist', 'harness', 'repro', 'compare.js');
  for (const [script, which] of [['repro.mjs', 'subject'], ['repro.escript', 'reference']] as const) {
    const out = must(sh(script.endsWith('.mjs') ? 'node' : 'escript', [`repro/${script}`], cliProj, script), `the bundle's ${script} replays`);
    writeFileSync(path.join(cliProj, `${script}.out`), out);
    const same = must(sh('node', [compare, 'repro', `${script}.out`, which], cliProj, 'compare'), `the bundle's ${script} reproduces the ${which} trace`);
    check(same.trim().endsWith('same'), `the bundle's ${script} reproduces the recorded ${which} trace`, `${out.trim().split('\n').length} lines`);
  }

  // 5. A user's scenario as a Jest test, through the installed gentcp-conformance/jest.
  const jestProj = project('jest-user');
  npmInstall(jestProj, [lib, cli, 'jest@30'], 'npm install both tarballs and jest');
  for (const f of ['jest.config.js', 'user-scenario.js', 'conform.test.js', 'broken-subject.test.js', 'broken-impl.mjs'])
    writeFileSync(path.join(jestProj, f), readFileSync(path.join(root, 'harness', 'pack', 'jest-user', f), 'utf8'));
  const jest = (pattern: string, what: string): SpawnSyncReturns<string> =>
    sh('npx', ['--no-install', 'jest', '--ci', pattern], jestProj, what, { GENTCP_REFERENCES: 'local', NODE_OPTIONS: '--experimental-vm-modules' });
  const passing = jest('conform', 'jest on a user scenario');
  const passOut = `${passing.stdout}\n${passing.stderr}`;
  check(passing.status === 0 && /Tests:\s+2 passed, 2 total/.test(passOut), 'a user scenario passes as a Jest test (expectConformance, toConform, global setup)', passing.status === 0 ? 'exit 0, 2 passed' : `exit ${passing.status}\n${passOut}`);
  const failing = jest('broken-subject', 'jest on a broken module subject');
  const failOut = `${failing.stdout}\n${failing.stderr}`;
  check(
    failing.status === 1 && /acme\.once-after-setopts on module:\.\/broken-impl\.mjs vs erlang:inet \(OTP [^)]*\): fail/.test(failOut) && failOut.includes('{error,einval}'),
    'a non-conforming subject fails the Jest test with the explained diff',
    failing.status === 1 ? 'exit 1, verdict fail, diff shown' : `exit ${failing.status}\n${failOut}`,
  );

  console.log(`[install-check] passed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (e) {
  console.error(`[install-check] FAILED ${e instanceof CheckFailed ? e.message : (e as Error).stack}`);
  process.exitCode = 1;
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`[install-check] kept ${work}`);
}
