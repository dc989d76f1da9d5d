import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startHub, type Hub } from '../../src/main/hub/server.js';
import { prepareStoreDir } from '../integration/support/bir-setup.js';
import type { Role } from '../../src/shared/common.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
export const SHOTS = join(ROOT, 'artifacts', 'screenshots');
export const CHROMIUM = process.env.KAHERA_CHROMIUM ?? '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the renderer (vite) when out/renderer is missing or older than its sources. */
export function ensureRendererBuilt(): void {
  const index = join(RENDERER_DIR, 'index.html');
  const sources = Math.max(...['src/renderer', 'src/shared', 'src/core'].map((d) => newestMtime(join(ROOT, d))), statSync(join(ROOT, 'vite.renderer.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which vite would pass on to React: a development build
    // (jsxDEV, owner stacks) many times slower than what the hub serves in a store.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface Staff {
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

export const ADMIN: Staff = { username: 'admin', password: 'admin-pass-123', role: 'admin', displayName: 'Store Admin' };

/**
 * A hub on a fresh store, set up for the BIR (TIN, registered name, address, C1's MIN and
 * serial: tests/integration/support/bir-setup.ts) unless `birSetup` is false — the store
 * a browser test of the setup checklist starts from.
 */
export async function startTestHub(staff: Staff[], opts: { birSetup?: boolean } = {}): Promise<{ hub: Hub; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kahera-e2e-'));
  if (opts.birSetup ?? true) prepareStoreDir(dataDir, 'MNL01');
  const hub = await startHub({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    storeId: 'MNL01',
    logger: pino({ level: 'silent' }),
    env: { KAHERA_ADMIN_USER: ADMIN.username, KAHERA_ADMIN_PASSWORD: ADMIN.password },
    rendererDir: RENDERER_DIR,
    loginLimits: { perAddress: 1000, perUsername: 100 },
  });
  const admin = hub.store.q.users.byUsername(ADMIN.username)!;
  for (const s of staff) await hub.ctx.staff.create(s, { id: admin.id, role: 'admin' });
  return { hub, dataDir };
}

export async function api<T>(hub: Hub, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(hub.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function tokenOf(hub: Hub, s: Staff): Promise<string> {
  return (await api<{ token: string }>(hub, null, 'POST', '/api/v1/auth/login', { username: s.username, password: s.password })).token;
}

/** One persistent Chromium context per role (its own profile: storage, cookies, socket). */
export async function openTerminal(name: string): Promise<{ context: BrowserContext; page: Page; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), `kahera-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 820 },
    locale: 'en-PH',
    timezoneId: 'Asia/Manila',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // window.print would open a dialog; count calls instead.
  await context.addInitScript(() => {
    (window as unknown as { __prints: number }).__prints = 0;
    window.print = () => {
      (window as unknown as { __prints: number }).__prints += 1;
    };
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  // Renderer crashes and console errors belong in the test output.
  context.on('weberror', (e) => console.error(`[${name}] page error: ${e.error().message}`));
  context.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/auth/login')) {
      void r.text().then(
        (body) => console.error(`[${name}] ${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()} ${body.slice(0, 300)}`),
        () => {},
      );
    }
  });
  return { context, page, profile };
}

export async function signIn(page: Page, url: string, s: Staff): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(s.username);
  await page.getByLabel('Password').fill(s.password);
  await page.getByLabel('Password').press('Enter');
  await page.getByTestId('signed-in-user').waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

export function cleanup(paths: string[]): void {
  for (const p of paths) rmSync(p, { recursive: true, force: true });
}

/** What a screen is waiting to show: an element matching `selector` (containing `text`) whose `attr` is `value`. */
export interface ShownState {
  selector: string;
  text?: string;
  attr: string;
  value: string;
}

/**
 * Whether a screen learned of something from the hub's push rather than by asking: while
 * `act` runs, the page itself notes the moment `state` first shows (a MutationObserver)
 * and the API requests it starts (resource timing). A list refetch after the push is by
 * design (live-socket.ts refreshes list membership once the numbers are patched); one
 * started before the screen showed it would mean the screen had to ask.
 */
export async function shownBeforeAsking(page: Page, state: ShownState, act: () => Promise<void>): Promise<{ askedBefore: string[] }> {
  await page.evaluate((st) => {
    const w = window as unknown as { __shown?: { since: number; at: number | null } };
    const holds = () =>
      [...document.querySelectorAll(st.selector)].some((el) => (st.text === undefined || (el.textContent ?? '').includes(st.text)) && el.getAttribute(st.attr) === st.value);
    // The resource timing buffer holds 250 entries: a long-lived page may have filled it.
    performance.clearResourceTimings();
    w.__shown = { since: performance.now(), at: null };
    const seen = w.__shown;
    new MutationObserver((_, obs) => {
      if (seen.at === null && holds()) {
        seen.at = performance.now();
        obs.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, state);
  await act();
  return page.evaluate(() => {
    const seen = (window as unknown as { __shown: { since: number; at: number | null } }).__shown;
    if (seen.at === null) throw new Error('the page never showed the state it waited for');
    const askedBefore = performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime >= seen.since && e.startTime < seen.at! && new URL(e.name).pathname.startsWith('/api/'))
      .map((e) => new URL(e.name).pathname);
    return { askedBefore };
  });
}

/** The API requests a page makes while `act` runs (for screens that must not poll at all). */
export async function apiRequestsDuring<T>(page: Page, act: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const requests: string[] = [];
  const onRequest = (r: { url(): string }) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(new URL(r.url()).pathname);
  };
  page.on('request', onRequest);
  try {
    return { result: await act(), requests };
  } finally {
    page.off('request', onRequest);
  }
}
