// `npm start`: the desktop app when Electron is installed, otherwise the headless hub
// serving the terminal UI to browsers (and the URL to open).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, detached: ownGroup });
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

if (electronBinary()) {
  console.log('Electron found: building and starting the desktop app…');
  await run(npx, ['electron-vite', 'build']);
  await run(npx, ['electron-vite', 'preview', '--skipBuild']);
} else {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    console.log('Building the terminal UI (out/renderer)…');
    await run(npx, ['vite', 'build', '--config', 'vite.renderer.config.ts']);
  }
  console.log('Electron is not installed here: starting the headless hub. Open the printed URL in a browser on any terminal.');
  await run(npx, ['tsx', 'src/main/headless.ts']);
}
