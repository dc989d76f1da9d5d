import { join } from 'node:path';

/**
 * Which better-sqlite3 native binding a process should load.
 *
 * `npm install` builds better-sqlite3 for Node's ABI: tests, benches and the headless hub
 * load it as is. Electron has its own NODE_MODULE_VERSION and refuses that build, so the
 * desktop app (the hub inside Electron's main process) loads a copy built for its Electron
 * version from a cache, made by `npm start` (scripts/start.mjs) and kept until Electron or
 * better-sqlite3 changes version. A packaged app loads its own: electron-builder rebuilt
 * better-sqlite3 for Electron when it packaged it.
 *
 * Pure: the caller gathers the facts (runtime, versions, what the cache holds, env), so
 * the choice is tested in plain Node where no Electron binary can be fetched.
 */
export interface BindingFacts {
  /** The runtime that will load the binding. */
  runtime: 'node' | 'electron';
  /** Electron's version (`process.versions.electron`, or electron/package.json); null when Electron is not installed. */
  electronVersion: string | null;
  /** better-sqlite3's version: a binding is built from its sources, so a new one needs a new build. */
  sqliteVersion: string;
  platform: string;
  arch: string;
  /** `<project>/.cache/electron-sqlite`. */
  cacheRoot: string;
  /** Whether a file exists (the caller's fs; a Set's `has` in tests). */
  exists: (path: string) => boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** A packaged desktop app (electron-builder rebuilt the binding inside it). */
  packaged?: boolean;
  /** Why building the cached copy failed, when the caller tried. */
  buildError?: string;
}

export type BindingChoice =
  /** Load better-sqlite3's own binding (npm's build, or a packaged app's rebuilt one). */
  | { kind: 'default'; reason: string }
  /** Load this file (`nativeBinding`). */
  | { kind: 'use'; path: string; reason: string }
  /** Build the binding for Electron into `path` first, then ask again. */
  | { kind: 'build'; path: string; reason: string }
  /** The desktop app cannot open the database: start the headless hub instead, and say why. */
  | { kind: 'headless'; reason: string };

/** An explicit binding for Electron (set by `npm start`, or by hand). */
export const ELECTRON_BINDING_ENV = 'KAHERA_SQLITE_BINDING';

/** Where the Electron build of one better-sqlite3 version for one Electron version lives. */
export function cachedBindingPath(f: Pick<BindingFacts, 'cacheRoot' | 'sqliteVersion' | 'platform' | 'arch'>, electronVersion: string): string {
  return join(f.cacheRoot, `${electronVersion}-${f.platform}-${f.arch}`, `better-sqlite3-${f.sqliteVersion}`, 'better_sqlite3.node');
}

export function chooseSqliteBinding(f: BindingFacts): BindingChoice {
  if (f.runtime === 'node') return { kind: 'default', reason: 'Node: the binding npm built for this Node' };
  if (!f.electronVersion) return { kind: 'headless', reason: 'Electron is not installed (its binary did not download)' };
  const explicit = f.env[ELECTRON_BINDING_ENV];
  if (explicit) {
    return f.exists(explicit)
      ? { kind: 'use', path: explicit, reason: `${ELECTRON_BINDING_ENV} names the binding` }
      : { kind: 'headless', reason: `${ELECTRON_BINDING_ENV} names ${explicit}, which does not exist` };
  }
  if (f.packaged) return { kind: 'default', reason: 'packaged app: electron-builder rebuilt better-sqlite3 for its Electron' };
  const path = cachedBindingPath(f, f.electronVersion);
  if (f.exists(path)) return { kind: 'use', path, reason: `cached build for Electron ${f.electronVersion}` };
  if (f.buildError !== undefined) {
    return { kind: 'headless', reason: `better-sqlite3 could not be built for Electron ${f.electronVersion}: ${f.buildError}` };
  }
  return { kind: 'build', path, reason: `no build for Electron ${f.electronVersion} (${f.platform}-${f.arch}) in the cache yet` };
}
