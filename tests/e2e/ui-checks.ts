import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

// Checks any screen can run: nothing wider than its panel, touch-sized targets, and
// axe-core with no serious or critical violation. Each failure names the elements.

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

let axeText: string | null = null;
function axeSource(): string {
  axeText ??= readFileSync(AXE, 'utf8');
  return axeText;
}

/** The page and every element matching `panelSelector` fit their width (scrollWidth ≤ clientWidth). */
export async function expectNoOverflow(page: Page, panelSelector: string): Promise<void> {
  const over = await page.evaluate((sel) => {
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const label = el.getAttribute('aria-label') ?? el.querySelector('h2, h3')?.textContent ?? '';
      return `${el.tagName.toLowerCase()}${id}${cls}${label ? ` "${label.slice(0, 40)}"` : ''}`;
    };
    const out: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`page: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
    for (const el of Array.from(document.querySelectorAll(sel))) {
      if (el.scrollWidth > el.clientWidth) out.push(`${describe(el)}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    }
    return out;
  }, panelSelector);
  expect(over, `overflowing at ${page.viewportSize()?.width}×${page.viewportSize()?.height}`).toEqual([]);
}

/**
 * Every visible interactive element is at least `minPx` high (WCAG 2.5.5 target size on a
 * touch screen). A checkbox or radio counts by its label, which is what a finger hits.
 */
export async function expectTargets(page: Page, minPx = 44): Promise<void> {
  const small = await page.evaluate((min) => {
    const sel = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="tab"], [role="option"], [role="button"], [tabindex]:not([tabindex="-1"])';
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (el.closest('[aria-hidden="true"], iframe')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const target = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? (el.closest('label') ?? el) : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.height + 0.5 < min) {
        const text = (el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).placeholder ?? '').trim().slice(0, 40);
        out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${text}": ${Math.round(box.height)} px`);
      }
    }
    return out;
  }, minPx);
  expect(small, `targets under ${minPx} px`).toEqual([]);
}

/** axe-core (injected) over the whole page: no violation of impact serious or critical. */
export async function expectNoSeriousAxe(page: Page): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // The hub's CSP (script-src 'self') refuses an injected <script> (page.addScriptTag), so
  // the source is evaluated through the DevTools protocol, which CSP does not govern.
  if (!loaded) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  expect(violations, 'serious/critical axe violations').toEqual([]);
}

/** The three checks at once, for one screen. */
export async function expectScreenOk(page: Page, panelSelector: string, minPx = 44): Promise<void> {
  await expectNoOverflow(page, panelSelector);
  await expectTargets(page, minPx);
  await expectNoSeriousAxe(page);
}
