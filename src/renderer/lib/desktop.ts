import type { KaheraDesktopApi } from '../../preload/api';

/** The desktop bridge when running inside the Electron window; undefined in a LAN browser. */
export function desktop(): KaheraDesktopApi | undefined {
  const k = typeof window === 'undefined' ? undefined : window.kahera;
  return k && k.bridgeVersion === 1 ? k : undefined;
}

/** Prints the page (the receipt view): through Electron when present, else the browser dialog. */
export async function printPage(): Promise<void> {
  const d = desktop();
  if (d) {
    const r = await d.print();
    if (!r.ok && r.error) throw new Error(r.error);
    return;
  }
  window.print();
}
