import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';

/** Chromium for HTML → PDF/PNG: KAHERA_CHROMIUM_PATH, else Debian's, else Playwright's own. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.KAHERA_CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => typeof p === 'string' && p.length > 0 && existsSync(p));
}

/**
 * Renders receipt and reading HTML to PDF (sized to the 80 mm roll, one page as long as
 * the receipt) and PNG, in one headless Chromium started on first use and reused.
 * playwright-core is loaded lazily: a hub that never prints a PDF never needs it.
 */
export class HtmlPrinter {
  private browser: Promise<Browser> | null = null;
  private context: Promise<BrowserContext> | null = null;

  constructor(private readonly executablePath = chromiumExecutable()) {}

  private async ctx(): Promise<BrowserContext> {
    if (!this.context) {
      this.browser = import('playwright-core').then(({ chromium }) =>
        chromium.launch({
          ...(this.executablePath ? { executablePath: this.executablePath } : {}),
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        }),
      );
      this.context = this.browser.then((b) => b.newContext({ deviceScaleFactor: 2, viewport: { width: 320, height: 600 } }));
      // A failed launch is not cached: the next call tries again.
      this.context.catch(() => {
        this.browser = null;
        this.context = null;
      });
    }
    return this.context;
  }

  private async withPage<T>(html: string, fn: (page: import('playwright-core').Page, height: number) => Promise<T>): Promise<T> {
    const page = await (await this.ctx()).newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const height = await page.evaluate(() => {
        const el = document.querySelector('.paper') ?? document.body;
        return Math.ceil(el.getBoundingClientRect().height);
      });
      return await fn(page, height);
    } finally {
      await page.close();
    }
  }

  /** A one-page PDF, 80 mm wide and as long as the content. */
  pdf(html: string): Promise<Buffer> {
    return this.withPage(html, (page, height) => page.pdf({ width: '80mm', height: `${height + 4}px`, printBackground: true, pageRanges: '1' }));
  }

  /** A PNG of the paper (2× for legibility). */
  png(html: string): Promise<Buffer> {
    return this.withPage(html, async (page) => (await page.locator('.paper').first().screenshot({ type: 'png' })) as Buffer);
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    this.context = null;
    if (b) await (await b.catch(() => null))?.close();
  }
}
