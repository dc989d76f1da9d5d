// The desktop bridge: a small, named, typed API on `window.kahera` (see api.d.ts).
// Runs sandboxed with context isolation: only contextBridge and ipcRenderer are used,
// and nothing raw (no ipcRenderer, no Node) reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type PrintRequest } from '../shared/ipc';
import type { KaheraDesktopApi, KaheraPrintResult } from './api';

/** `--kahera-<name>=<value>` from webPreferences.additionalArguments (set by the main process). */
function arg(name: string): string {
  const prefix = `--kahera-${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? '';
}

const api: KaheraDesktopApi = {
  bridgeVersion: 1,
  hubUrl: arg('hub-url'),
  terminalName: arg('terminal-name'),
  print: (options) => ipcRenderer.invoke(IPC.print, { silent: options?.silent === true } satisfies PrintRequest) as Promise<KaheraPrintResult>,
};

contextBridge.exposeInMainWorld('kahera', api);
