import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyOfTinyZoo } from '@fpb/zoo/src/testing/tiny_zoo';
import { browserChecksRun, viewPageInBrowser } from '@fpb/report/src/testing/page_in_browser';
import { readExperimentConfig } from './experiment_config';
import { runExperiment } from './run_experiment';

const root = resolve(__dirname, '../../../..');

describe('the query-budget sweep', () => {
  it('gives every method its Table IV point and budgetable ones their smaller budgets, in a table, a figure and the page', async () => {
    const base = readExperimentConfig(join(root, 'experiments/smoke.json'));
    const config = { ...base, name: 'budget', methods: ['deepcore', 'ipguard', 'akh'], budgets: [2, 4, 100] };
    const out = join(mkdtempSync(join(tmpdir(), 'fpb-budget-')), 'budget');
    const { tables } = await runExperiment({
      config,
      backend: 'wasm',
      workers: 2,
      cacheDir: await copyOfTinyZoo(),
      resultsDir: out,
      log: () => undefined,
    });
    const sweep = tables.budget_sweep;
    const points = sweep.rows.map((r) => `${r[0]}@${r[1]}`);
    // DeepCore scores its 10 cores together: only its own budget. IPGuard (8 queries at tiny) and AKH
    // (16) also at 2 and 4; 100 is beyond both, so it adds nothing.
    const own = (name: string) =>
      tables.table4.rows.find((r) => r[0] === name)![tables.table4.columns.indexOf('Queries/suspect')];
    expect(points).toEqual([
      'AKH@2',
      'AKH@4',
      `AKH@${own('AKH')}`,
      `DeepCore (Cos_dist)@10`,
      `DeepCore (L1_dist)@10`,
      'IPGuard@2',
      'IPGuard@4',
      `IPGuard@${own('IPGuard')}`,
    ]);
    // At its own budget a method's row is its Table IV row.
    const t4 = (name: string, column: string) =>
      tables.table4.rows.find((r) => r[0] === name)![tables.table4.columns.indexOf(column)];
    for (const row of sweep.rows.filter((r) => r[1] === own(String(r[0])) || String(r[0]).startsWith('DeepCore')))
      expect([row[2], row[3], row[5], row[6]]).toEqual([
        t4(String(row[0]), 'AUC'),
        t4(String(row[0]), 'TPR@1%FPR'),
        t4(String(row[0]), 'MIR'),
        t4(String(row[0]), 'FIR'),
      ]);
    expect(readFileSync(join(out, 'budget_sweep.csv'), 'utf8').split('\n')[0]).toBe(
      'Method,Queries,AUC,TPR@1%FPR,TPR@5%FPR,MIR,FIR',
    );
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('<img src="budget_sweep.svg"');
    expect(page).toContain('<h2>Query-budget sweep');
    if (browserChecksRun()) {
      const seen = await viewPageInBrowser(join(out, 'index.html'));
      const figure = seen.images.find((i) => i.src === 'budget_sweep.svg')!;
      expect(figure.width * figure.height).toBeGreaterThan(100 * 100);
      expect(seen.failed).toEqual([]);
    }
  }, 600_000);
});
