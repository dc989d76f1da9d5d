// `npm start`: the desktop app when Electron is installed, otherwise the headless hub
// serving the terminal UI to browsers (and the URL to open).
//
// The desktop app runs the hub in Electron's main process, which cannot load the
// better-sqlite3 binding npm built for Node (another NODE_MODULE_VERSION). So before it
// starts Electron this builds (once per Electron and better-sqlite3 version, cached in
// .cache/electron-sqlite/) a binding for Electron and hands its path to the app in
// KAHERA_SQLITE_BINDING; node_modules keeps Node's build for tests and the headless hub.
// When that binding cannot be made, it starts the headless hub and says why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { betterSqlite, buildElectronBinding } from './electron-sqlite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function electronBinary() {
  try {
    const path = require('electron'); // the binary's path when its download succeeded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

// Each step runs in its own process group and a stop signal goes to the whole group:
// npx does not pass SIGTERM on to tsx, so signalling only npx would leave the hub running.
// A child that ends after we were asked to stop has stopped as asked, whatever its exit
// code or signal (tsx re-raises it): a clean exit, no stack trace.
const ownGroup = process.platform !== 'win32';
let stopping = false;
let current = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopping = true;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    try {
      if (ownGroup) process.kill(-current.pid, sig);
      else current.kill(sig);
    } catch {
      // Already gone.
    }
  });
}

function run(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env, detached: ownGroup });
    current = child;
    child.on('error', (err) => {
      console.error(`Could not start ${cmd}: ${err.message}`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      current = null;
      if (stopping) {
        console.log('Kahera stopped.');
        process.exit(0);
      }
      if (code === 0) return resolve();
      console.error(`${cmd} ${args.join(' ')} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}.`);
      process.exit(code ?? 1);
    });
  });
}

/** The binding choice for the desktop app: { env } to start it with, or { headless: reason }. */
async function electronBinding() {
  const { chooseSqliteBinding } = await tsImport('../src/main/db/sqlite-binding.ts', import.meta.url);
  const facts = {
    runtime: 'electron',
    electronVersion: require('electron/package.json').version,
    sqliteVersion: betterSqlite().version,
    platform: process.platform,
    arch: process.arch,
    cacheRoot: join(root, '.cache', 'electron-sqlite'),
    exists: existsSync,
    env: process.env,
  };
  let choice = chooseSqliteBinding(facts);
  if (choice.kind === 'build') {
    console.log(`Building better-sqlite3 ${facts.sqliteVersion} for Electron ${facts.electronVersion} (${choice.reason}; once per version)…`);
    try {
      await buildElectronBinding(facts.electronVersion, choice.path);
    } catch (e) {
      facts.buildError = e instanceof Error ? e.message : String(e);
    }
    choice = chooseSqliteBinding(facts);
  }
  switch (choice.kind) {
    case 'use':
      return { env: { ...process.env, KAHERA_SQLITE_BINDING: choice.path }, reason: choice.reason };
    case 'default':
      return { env: process.env, reason: choice.reason };
    default:
      return { headless: choice.reason };
  }
}

async function headless(why) {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    console.log('Building the terminal UI (out/renderer)…');
    await run(npx, ['vite', 'build', '--config', 'vite.renderer.config.ts']);
  }
  console.log(`${why}: starting the headless hub. Open the printed URL in a browser on any terminal.`);
  await run(npx, ['tsx', 'src/main/headless.ts']);
}

if (!electronBinary()) {
  await headless('Electron is not installed here');
} else {
  const binding = await electronBinding();
  if (binding.headless) {
    await headless(`The desktop app cannot open the store database here (${binding.headless})`);
  } else {
    console.log(`Electron found (better-sqlite3: ${binding.reason}): building and starting the desktop app…`);
    await run(npx, ['electron-vite', 'build']);
    await run(npx, ['electron-vite', 'preview', '--skipBuild'], binding.env);
  }
}
