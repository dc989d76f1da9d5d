import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { shot } from './harness.js';

// Screen checks shared by the e2e tests of every role: nothing sticks out of its panel,
// every control is big enough for a finger, no serious accessibility violation. Each one
// returns what it found (an empty list when all is well), so a failing assertion prints
// the offending elements rather than a bare `false`.

/** The counter screens every screen must work on: a common 4:3 counter monitor and a laptop. */
export const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const;

/** What counts as a panel: anything that frames content and must not be stuck out of. */
export const PANEL_SELECTOR = '.panel, .modal, .shift-bar, .topbar, .login-card, .card, .post-bar, .banner';

export interface Overflow {
  what: string;
  scrollWidth?: number;
  clientWidth?: number;
  sticksOutBy?: number;
}

/**
 * Horizontal overflow: the page itself, every panel (`scrollWidth ≤ clientWidth`), and
 * every table, control and amount inside a panel (its box within the panel's box).
 */
export async function findOverflow(page: Page, panelSelector = PANEL_SELECTOR): Promise<Overflow[]> {
  return page.evaluate((selector) => {
    const out: { what: string; scrollWidth?: number; clientWidth?: number; sticksOutBy?: number }[] = [];
    const describe = (el: Element): string => {
      const h = el as HTMLElement;
      const id = h.dataset?.testid ? `[data-testid=${h.dataset.testid}]` : '';
      const cls = typeof h.className === 'string' && h.className ? `.${h.className.trim().split(/\s+/).join('.')}` : '';
      const text = (h.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls}${text ? ` “${text}”` : ''}`;
    };
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push({ what: 'page', scrollWidth: root.scrollWidth, clientWidth: root.clientWidth });
    for (const panel of document.querySelectorAll(selector)) {
      if (!visible(panel)) continue;
      if (panel.scrollWidth > panel.clientWidth + 1) out.push({ what: describe(panel), scrollWidth: panel.scrollWidth, clientWidth: panel.clientWidth });
      const box = panel.getBoundingClientRect();
      // A dialog rendered inside a panel lies over the page, not in the panel: it is checked as its own panel.
      const layer = panel.closest('.modal-backdrop');
      for (const el of panel.querySelectorAll('table, button, input, select, textarea, .money, .pill')) {
        if (!visible(el) || el.closest('.modal-backdrop') !== layer) continue;
        const r = el.getBoundingClientRect();
        const by = Math.max(r.right - box.right, box.left - r.left);
        if (by > 1) out.push({ what: `${describe(el)} in ${describe(panel).slice(0, 60)}`, sticksOutBy: Math.round(by) });
      }
    }
    return out;
  }, panelSelector);
}

export interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * Interactive elements smaller than `min` px high (44: WCAG 2.5.5, a fingertip). A
 * checkbox or radio is measured by its label, which is what a finger actually hits.
 */
export async function findSmallTargets(page: Page, min = 44): Promise<SmallTarget[]> {
  return page.evaluate((minimum) => {
    const out: { what: string; width: number; height: number }[] = [];
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=radio], [role=tab], [role=checkbox], [role=option]';
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const input = el as HTMLInputElement;
      const target: HTMLElement = (input.type === 'checkbox' || input.type === 'radio') && el.closest('label') ? el.closest('label')! : el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      // Visually hidden inputs inside a big label (radio chips) are measured by the label.
      if (r.height + 0.5 < minimum) {
        const id = target.dataset.testid ? `[data-testid=${target.dataset.testid}]` : '';
        const text = (target.innerText || target.getAttribute('aria-label') || (target as HTMLInputElement).placeholder || '').replace(/\s+/g, ' ').trim().slice(0, 40);
        out.push({ what: `${target.tagName.toLowerCase()}${id} “${text}”`, width: Math.round(r.width), height: Math.round(r.height) });
      }
    }
    return out;
  }, min);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
let axeSource: string | null = null;

/** Runs axe-core in the page; returns the violations of at least `serious` impact. */
export async function axeViolations(page: Page, impacts: readonly string[] = ['serious', 'critical']): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the devtools protocol: the hub's CSP (script-src 'self') rightly
  // refuses an injected <script> tag, and the test must not weaken it.
  if (!loaded) await page.evaluate((axeSource ??= readFileSync(AXE_PATH, 'utf8')));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact !== null && impacts.includes(v.impact));
}

/** All three checks at once, keyed so a failing `toEqual` says which one and where. */
export async function screenProblems(page: Page, opts: { panels?: string; minTarget?: number } = {}) {
  const [overflow, smallTargets, axe] = [await findOverflow(page, opts.panels), await findSmallTargets(page, opts.minTarget), await axeViolations(page)];
  return { overflow, smallTargets, axe };
}

export const NO_PROBLEMS = { overflow: [], smallTargets: [], axe: [] };

/** The three checks for one screen, as an assertion that names the viewport and what failed. */
export async function expectScreenOk(page: Page, panelSelector: string, minPx = 44): Promise<void> {
  const size = page.viewportSize();
  expect(await screenProblems(page, { panels: panelSelector, minTarget: minPx }), `at ${size?.width}×${size?.height}`).toEqual(NO_PROBLEMS);
}

/** Resolves once the page has laid out and painted twice since now (a resize or a click has been drawn). */
export async function painted(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * The screen as it is now, at each counter size: a screenshot `<name>-<width>.png` kept as
 * an artifact, then the three checks (overflow of `panelSelector`, 44 px targets, axe).
 */
export async function checkScreens(page: Page, name: string, panelSelector = PANEL_SELECTOR): Promise<void> {
  for (const size of VIEWPORTS) {
    await page.setViewportSize(size);
    await painted(page);
    await shot(page, `${name}-${size.width}`);
    await expectScreenOk(page, panelSelector);
  }
}
