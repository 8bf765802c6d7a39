import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineFigure } from './figures/figure_specs';
import { writeFigure } from './figures/render_figure';
import { writeResultsPage } from './html_page';
import { browserChecksRun, viewPageInBrowser } from './testing/page_in_browser';

describe('results page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-page-'));
  const table = {
    title: 'Table IV: a <small> table',
    columns: ['Method', 'MIR'],
    rows: [
      ['SAC-w', '0.51'],
      ['IPGuard', '0.49'],
    ],
  };

  beforeAll(async () => {
    await writeFigure(
      dir,
      'curve',
      lineFigure(
        [
          { x: 0, y: 1, m: 'a' },
          { x: 1, y: 2, m: 'a' },
        ],
        { title: 'curve', x: 'x', y: 'y', color: 'm' },
      ),
    );
  });

  it('escapes what it shows and has no scripts or network addresses', () => {
    const page = readFileSync(
      writeResultsPage(dir, {
        title: 'run & check',
        settings: { scale: 'tiny', sets: ['table1'] },
        tables: { table4: table },
        figures: [{ file: 'curve.svg', caption: 'a curve' }],
      }),
      'utf8',
    );
    expect(page).toContain('<h2>Table IV: a &lt;small&gt; table</h2>');
    expect(page).toContain('<td>[&quot;table1&quot;]</td>');
    expect(page).not.toMatch(/<script|https?:\/\//);
  });

  // Skipped, and listed as skipped, where no Chromium is installed (CI installs one).
  const inBrowser = browserChecksRun() ? it : it.skip;

  inBrowser(
    'renders offline in a headless browser: every table, every figure decoded, nothing fetched from the network',
    async () => {
      const path = writeResultsPage(dir, {
        title: 'run',
        settings: { scale: 'tiny' },
        tables: { table4: table },
        figures: [{ file: 'curve.svg', caption: 'a curve' }],
      });
      const seen = await viewPageInBrowser(path);
      expect(seen.title).toBe('run');
      expect(seen.tables).toBe(2); // settings + Table IV
      expect(seen.images).toHaveLength(1);
      expect(seen.images[0].width).toBeGreaterThan(50);
      expect(seen.requests.every((u) => u.startsWith('file://'))).toBe(true);
      expect(seen.failed).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
    },
    60_000,
  );

  inBrowser(
    'the browser check catches a figure that is missing',
    async () => {
      const path = writeResultsPage(dir, {
        title: 'broken',
        settings: {},
        tables: {},
        figures: [{ file: 'absent.svg', caption: 'gone' }],
      });
      const seen = await viewPageInBrowser(path);
      expect(seen.images).toEqual([{ src: 'absent.svg', width: 0, height: 0 }]);
      expect(seen.failed).toEqual([expect.stringMatching(/absent\.svg$/)]);
    },
    60_000,
  );
});
