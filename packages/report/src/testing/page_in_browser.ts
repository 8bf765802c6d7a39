import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launch } from 'puppeteer-core';

/** What a headless browser saw when it opened a results page. */
export interface PageView {
  title: string;
  tables: number;
  /** Every <img> with its decoded size: 0 x 0 when the file is missing or not a valid image. */
  images: Array<{ src: string; width: number; height: number }>;
  /** URLs the page asked for, and those that failed (an offline page asks only for file:// URLs). */
  requests: string[];
  failed: string[];
  consoleErrors: string[];
}

/** The installed Chromium (Debian's `chromium`, which .ci/run installs), or CHROME_PATH. */
export function findBrowser(): string | undefined {
  return [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (p): p is string => !!p && existsSync(p),
  );
}

/**
 * Whether the browser checks run here: where a Chromium is installed, and always under
 * FPB_REQUIRE_BROWSER=1 (set by CI), where a missing one fails them instead of skipping them.
 */
export const browserChecksRun = (): boolean => findBrowser() !== undefined || process.env.FPB_REQUIRE_BROWSER === '1';

/** Opens an HTML file in headless Chromium with the network cut off and reports what rendered. */
export async function viewPageInBrowser(htmlPath: string): Promise<PageView> {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error('no Chromium found: apt-get install chromium, or set CHROME_PATH');
  const browser = await launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setOfflineMode(true);
    const requests: string[] = [];
    const failed: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    const seen = await page.evaluate(() => ({
      title: document.title,
      tables: document.querySelectorAll('table').length,
      images: Array.from(document.images).map((i) => ({
        src: i.getAttribute('src') ?? '',
        width: i.naturalWidth,
        height: i.naturalHeight,
      })),
    }));
    return { ...seen, requests, failed, consoleErrors };
  } finally {
    await browser.close();
  }
}
