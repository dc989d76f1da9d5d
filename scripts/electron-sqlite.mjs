// Builds better-sqlite3's native binding for an Electron version into a cache file, without
// touching node_modules (whose build stays Node's, for tests and the headless hub). Used by
// scripts/start.mjs; the choice of binding itself is src/main/db/sqlite-binding.ts.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** better-sqlite3's folder and version. */
export function betterSqlite() {
  const pkg = require.resolve('better-sqlite3/package.json');
  return { dir: dirname(pkg), version: require(pkg).version };
}

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit', env: process.env });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`exited with ${signal ?? code}`))));
  });
}

/**
 * Makes `target`: first a prebuilt binary for Electron (prebuild-install, as better-sqlite3's
 * own install does for Node), else a compile against Electron's headers (node-gyp, what
 * @electron/rebuild runs), in a scratch copy of the package. Throws with every reason.
 */
export async function buildElectronBinding(electronVersion, target, { arch = process.arch, platform = process.platform } = {}) {
  const { dir } = betterSqlite();
  mkdirSync(dirname(target), { recursive: true });
  const work = mkdtempSync(join(dirname(target), '.build-'));
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  const errors = [];
  try {
    for (const f of ['package.json', 'binding.gyp', 'src', 'deps']) cpSync(join(dir, f), join(work, f), { recursive: true });
    try {
      await run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform], work);
    } catch (e) {
      errors.push(`prebuild-install ${e.message}`);
    }
    if (!existsSync(built) && platform === process.platform) {
      try {
        const gyp = require.resolve('node-gyp/bin/node-gyp.js');
        await run(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'], work);
      } catch (e) {
        errors.push(`node-gyp with Electron's headers ${e.message}`);
      }
    }
    if (!existsSync(built)) throw new Error(errors.join('; ') || 'no binding was produced');
    // Written beside, then renamed: a start killed half-way never leaves a torn binding in the cache.
    copyFileSync(built, `${target}.partial`);
    renameSync(`${target}.partial`, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
