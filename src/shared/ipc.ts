import { z } from 'zod';

/**
 * The desktop bridge's IPC contract (preload ↔ Electron main), in one place: the channel
 * names and their payload schemas. The main process safeParses every payload it gets.
 */
export const IPC = { print: 'kahera:print' } as const;

/** `window.kahera.print(options)` → main: print the current page, through the dialog or silently. */
export const PrintRequest = z.object({ silent: z.boolean().default(false) }).strict();
export type PrintRequest = z.infer<typeof PrintRequest>;

export const PrintResult = z.object({
  ok: z.boolean(),
  /** Why printing failed or was cancelled, in words. */
  error: z.string().optional(),
});
export type PrintResult = z.infer<typeof PrintResult>;
