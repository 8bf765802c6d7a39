import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeResultsPage } from '../html_page';
import { lineFigure, pointFigure } from './figure_specs';
import { renderSvg, writeFigure } from './render_figure';

describe('figures', () => {
  it('renders a line figure to SVG with one path per series and the title', async () => {
    const values = [0, 1, 2].flatMap((x) => [
      { x, y: x * 2, s: 'a' },
      { x, y: x + 5, s: 'b' },
    ]);
    const svg = await renderSvg(lineFigure(values, { title: 'Two lines', x: 'x', y: 'y', color: 's' }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Two lines');
    // One line mark per series.
    expect(svg.match(/class="mark-line role-mark/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect((svg.match(/<path[^>]*aria-roledescription="line mark"/g) ?? []).length).toBe(2);
  });

  it('writes point figures in panels, atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-fig-'));
    const values = [1, 2, 3, 4].map((i) => ({
      m: i,
      score: i / 4,
      kind: i % 2 ? 'HM' : 'PM',
      panel: i < 3 ? 'left' : 'right',
    }));
    const path = await writeFigure(
      dir,
      'points',
      pointFigure(values, { title: 'Panels', x: 'm', y: 'score', color: 'kind', facet: 'panel' }),
    );
    const svg = readFileSync(path, 'utf8');
    expect((svg.match(/aria-roledescription="point"/g) ?? []).length).toBe(4);
  });
});

describe('results page', () => {
  it('holds the settings, every table and every figure, escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-page-'));
    const page = readFileSync(
      writeResultsPage(dir, {
        title: 'Run <1>',
        settings: { scale: 'tiny', seed: 0 },
        tables: { table4: { title: 'Table IV', columns: ['Method', 'MIR'], rows: [['A & B', 0.5]] } },
        figures: [{ file: 'roc.svg', caption: 'ROC' }],
      }),
      'utf8',
    );
    expect(page).toContain('<title>Run &lt;1&gt;</title>');
    expect(page).toContain('<td>A &amp; B</td><td>0.5</td>');
    expect(page).toContain('<img src="roc.svg" alt="ROC">');
    expect(page).toContain('<th>scale</th><td>tiny</td>');
    expect(page).not.toMatch(/<script|https?:\/\//);
  });
});
