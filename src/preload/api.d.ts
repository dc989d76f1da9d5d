/**
 * The typed API the preload exposes on `window.kahera` (contextBridge). The renderer
 * also runs in plain browsers served by the hub, where `window.kahera` is undefined:
 * always feature-detect it (`window.kahera?.print`).
 */
import type { PrintResult } from '../shared/ipc';

export type KaheraPrintResult = PrintResult;

export interface KaheraDesktopApi {
  /** Version of this bridge, bumped when its shape changes. */
  readonly bridgeVersion: 1;
  /** URL of the hub this desktop app started in-process (e.g. `http://127.0.0.1:8090`). */
  readonly hubUrl: string;
  /** Name of this terminal (machine name or `KAHERA_TERMINAL_NAME`). */
  readonly terminalName: string;
  /** Prints the current page (the receipt view) through the OS print dialog or silently. */
  print(options?: { silent?: boolean }): Promise<KaheraPrintResult>;
}

declare global {
  interface Window {
    kahera?: KaheraDesktopApi;
  }
}
