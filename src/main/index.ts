// Electron entry: a thin composition root. Starts the store hub in-process (the same
// `startHub` the headless `npm run hub` runs), then opens the terminal window on it.
// The window loads the hub's own URL, so the renderer is byte-for-byte what LAN
// browsers get; the preload only adds hub URL, terminal name and printing.
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { IPC, PrintRequest, type PrintResult } from '../shared/ipc.js';
import { chooseSqliteBinding, ELECTRON_BINDING_ENV } from './db/sqlite-binding.js';
import { startHub, type Hub } from './hub/server.js';

let hub: Hub | null = null;
let firstAdmin: { username: string; password: string } | null = null;
/** out/main, where this file is bundled to. */
const here = dirname(fileURLToPath(import.meta.url));

function portFrom(value: string | undefined): number {
  const n = Number(value ?? 8090);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : 8090;
}

async function createWindow(h: Hub): Promise<void> {
  const win = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Kahera',
    backgroundColor: '#f4f6f9',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      additionalArguments: [`--kahera-hub-url=${h.url}`, `--kahera-terminal-name=${process.env.KAHERA_TERMINAL_NAME ?? hostname()}`],
    },
  });
  win.once('ready-to-show', () => win.show());
  // Only the hub is navigable inside the window; anything else opens in the browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(h.url)) e.preventDefault();
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL; // electron-vite dev server
  await win.loadURL(devUrl ?? h.url);
}

/**
 * better-sqlite3 for this Electron: the path `npm start` handed over, else the cached build,
 * else (packaged) the one electron-builder rebuilt. Set in the env before the hub opens the
 * store, so its worker threads load the same binding. Throws when there is none.
 */
function selectSqliteBinding(): void {
  const choice = chooseSqliteBinding({
    runtime: 'electron',
    electronVersion: process.versions.electron ?? null,
    sqliteVersion: (createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }).version,
    platform: process.platform,
    arch: process.arch,
    cacheRoot: join(app.getAppPath(), '.cache', 'electron-sqlite'),
    exists: existsSync,
    env: process.env,
    packaged: app.isPackaged,
  });
  if (choice.kind === 'use') process.env[ELECTRON_BINDING_ENV] = choice.path;
  else if (choice.kind !== 'default') throw new Error(`No better-sqlite3 built for this Electron (${choice.reason}). Start Kahera with \`npm start\`, which builds one.`);
}

// With KAHERA_TLS=on the window opens the hub over HTTPS with the store's self-signed
// certificate. The window trusts exactly that certificate, for the hub's own URL, by
// comparing fingerprints — not the machine's trust store, and never any other one.
app.on('certificate-error', (event, _webContents, url, _error, certificate, callback) => {
  const pinned = hub?.tls?.fingerprint256;
  let same = false;
  try {
    same = !!pinned && new URL(url).origin === new URL(hub!.url).origin && new X509Certificate(certificate.data).fingerprint256 === pinned;
  } catch {
    same = false;
  }
  if (same) event.preventDefault();
  callback(same);
});

ipcMain.handle(IPC.print, async (event, raw: unknown): Promise<PrintResult> => {
  const parsed = PrintRequest.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: 'Bad print request.' };
  const { silent } = parsed.data;
  const wc = event.sender;
  return new Promise<PrintResult>((resolve) => {
    wc.print({ silent, printBackground: true }, (ok, reason) => resolve(ok ? { ok } : { ok, error: reason || 'Printing was cancelled.' }));
  });
});

app.whenReady().then(async () => {
  selectSqliteBinding();
  // Packaged: the renderer and migrations ship beside the app (see electron-builder.yml).
  process.env.KAHERA_RENDERER_DIR ??= join(here, '../renderer');
  process.env.KAHERA_MIGRATIONS_DIR ??= app.isPackaged
    ? join(process.resourcesPath, 'migrations', 'store')
    : join(app.getAppPath(), 'migrations', 'store');
  hub = await startHub({
    dataDir: process.env.KAHERA_DATA_DIR ?? join(app.getPath('userData'), 'hub'),
    port: portFrom(process.env.KAHERA_PORT),
    host: process.env.KAHERA_HOST ?? '0.0.0.0',
    rendererDir: process.env.KAHERA_RENDERER_DIR,
    // A desktop user never sees stdout: the generated first-start password is shown once,
    // in a dialog, after the window is up (and never written to a log).
    onInitialAdmin: (admin) => {
      if (admin.generatedPassword) firstAdmin = { username: admin.username, password: admin.generatedPassword };
    },
  });
  await createWindow(hub);
  if (firstAdmin) {
    const { username, password } = firstAdmin;
    firstAdmin = null;
    await dialog.showMessageBox({
      type: 'info',
      title: 'Kahera — first start',
      message: `The admin account "${username}" was created.`,
      detail: `Password: ${password}\n\nIt is shown only this once. Write it down, sign in, and create the staff accounts.`,
    });
  }
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && hub) void createWindow(hub);
  });
}).catch((err: unknown) => {
  console.error('Kahera failed to start:', err);
  dialog.showErrorBox('Kahera failed to start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !hub) return;
  // Let in-flight settlements finish and the store close cleanly before exiting.
  e.preventDefault();
  quitting = true;
  void hub.close().finally(() => app.quit());
});
