import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { prepareStoreDir } from './bir-setup.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface HubProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  output: string[];
}

/**
 * Runs `src/main/headless.ts` (what `npm run hub` runs) as a child process on a free
 * port and resolves once it prints its ready line. `nodeArgs` go to node itself
 * (e.g. `--cpu-prof`, which NODE_OPTIONS may not carry).
 */
export function launchHub(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = [], opts: { birSetup?: boolean } = {}): Promise<HubProcess> {
  // A store in service (bir-setup.ts), made before the hub first opens the directory.
  if (opts.birSetup ?? true) prepareStoreDir(dataDir, env.KAHERA_STORE_ID ?? process.env.KAHERA_STORE_ID);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main/headless.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAHERA_DATA_DIR: dataDir,
      KAHERA_PORT: '0',
      KAHERA_HOST: '127.0.0.1',
      KAHERA_LOG_LEVEL: 'warn',
      KAHERA_ADMIN_USER: 'admin',
      KAHERA_ADMIN_PASSWORD: 'admin-pass-1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output.join('\n')}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (!line.startsWith('{"kahera":"hub-ready"')) return;
      clearTimeout(timer);
      const ready = JSON.parse(line) as { url: string; port: number };
      resolve({ url: ready.url, port: ready.port, child, exited, output });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code}) before it was ready:\n${output.join('\n')}`));
    });
  });
}
