// Completes the library package after tsc: the addon's source and the prebuilt
// addon for this platform (prebuildify's layout), LICENSE and CHANGELOG.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(pkg, '../..');
const native = path.join(pkg, 'native');
mkdirSync(native, { recursive: true });
for (const f of ['binding.gyp', 'gentcp_native.c']) copyFileSync(path.join(root, 'src/native', f), path.join(native, f));
for (const f of ['LICENSE', 'CHANGELOG.md']) if (existsSync(path.join(root, f))) copyFileSync(path.join(root, f), path.join(pkg, f));

const out = path.join(pkg, 'prebuilds', `${process.platform}-${process.arch}`);
const source = path.join(native, 'gentcp_native.c');
const built = existsSync(out) ? ['node.napi.glibc.node', 'node.napi.musl.node', 'node.napi.node'].map((n) => path.join(out, n)).find(existsSync) : undefined;
if (process.platform !== 'linux') {
  console.log(`[stage] no prebuilt addon for ${process.platform}: the addon is Linux-only`);
} else if (built && statSync(built).mtimeMs >= statSync(path.join(root, 'src/native/gentcp_native.c')).mtimeMs) {
  console.log(`[stage] prebuilt addon is up to date: ${path.relative(root, built)}`);
} else {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('prebuildify/package.json')), 'bin.js');
  // N-API: one binary serves every Node version from 20 on; stripped, tagged with the libc.
  execFileSync(process.execPath, [bin, '--napi', '--name', 'node.napi', '--strip', '--tag-libc', '--cwd', native, '--out', pkg], { stdio: 'inherit' });
  console.log(`[stage] prebuilt ${path.relative(root, out)} from ${path.relative(root, source)}`);
}
