import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readExperimentConfig } from '../experiments/experiment_config';
import { runExperiment } from '../experiments/run_experiment';
import { buildCli } from '../main';
import { browserChecksRun, viewPageInBrowser } from '@fpb/report/src/testing/page_in_browser';
import { DEEPCORE_SETTINGS, getMethod, identificationNames, METHODS, type FingerprintMethod } from '@fpb/fingerprints';
import { aruc, normaliseScores, rocAuc } from '@fpb/metrics';
import { TABLE_FOUR_COLUMNS } from '@fpb/report';
import { familiesOf } from '@fpb/zoo';
import { copyOfTinyZoo } from '@fpb/zoo/src/testing/tiny_zoo';
import { spawnFpb } from '../testing/fpb_process';
import { tableFourAgainstScores } from '../testing/table_four_check';
import { runZoo } from './run_zoo';

const root = resolve(__dirname, '../../../..');
/** Table I's suspects at tiny: every family but the victim and the helpers, counted from the registry. */
const TINY_SUSPECTS = familiesOf(['table1'])
  .filter((f) => f.kind !== 'victim' && !f.helper)
  .reduce((n, f) => n + f.counts.tiny, 0);
const mayBeEmptyAtTiny = (m: FingerprintMethod) => m.tinyLimits?.mayBeEmpty !== undefined;

/** Finished models in a cache folder (a model folder counts once its manifest is there). */
function finished(cacheDir: string): string[] {
  if (!existsSync(cacheDir)) return [];
  return readdirSync(cacheDir).filter((d) => !d.startsWith('.') && existsSync(join(cacheDir, d, 'meta.json')));
}

describe('zoo at tiny scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-zoo-run-'));
  const cacheDir = join(dir, 'cache');
  const resultsDir = join(dir, 'results');

  it('survives kill -9: the next run (on two worker processes) trains nothing that was finished, then completes the zoo and Table I', async () => {
    const { child } = spawnFpb([
      'zoo',
      '--scale',
      'tiny',
      '--backend',
      'wasm',
      '--workers',
      '2',
      '--cache-dir',
      cacheDir,
      '--results-dir',
      resultsDir,
    ]);
    const deadline = Date.now() + 240_000;
    while (finished(cacheDir).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const survivors = finished(cacheDir);
    expect(survivors.length).toBeGreaterThanOrEqual(3);
    expect(survivors.some((d) => d.startsWith('victim-'))).toBe(true);

    // The resumed run places its workers as on a 2-GPU machine: one process per "GPU" (wasm here).
    const lines: string[] = [];
    const r = await runZoo({
      scale: 'tiny',
      seed: 0,
      backend: 'wasm',
      gpus: 2,
      workersPerGpu: 1,
      cacheDir,
      resultsDir,
      log: (l) => lines.push(l),
    });
    // wasm has no GPU: the run says so once, and names processes, not GPUs.
    expect(lines).toContain(
      'warning: --gpus 2 with the wasm backend, which runs on the CPU: 2 worker processes, no GPU is used',
    );
    expect(lines).toContain('2 CPU processes x 1 worker threads');
    expect(lines.some((l) => /on GPU/.test(l))).toBe(false);
    const gpusUsed = new Set(lines.map((l) => / built in \d+ s in process (\d):/.exec(l)?.[1]).filter(Boolean));
    expect([...gpusUsed].sort()).toEqual(['0', '1']);
    const rebuiltDirs = r.built.map((id) => id.replace('/', '_'));
    for (const s of survivors) expect(rebuiltDirs.some((b) => s.startsWith(`${b}-`))).toBe(false);
    expect(r.failed).toEqual([]);
    const zooSize = familiesOf(['table1']).reduce((n, f) => n + f.counts.tiny, 0);
    expect(r.cached + r.built.length).toBe(zooSize);
    expect(finished(cacheDir)).toHaveLength(zooSize);
    expect(lines[0]).toBe('tensor backend: wasm'); // started once, before any work
    expect(lines.find((l) => l.startsWith('zoo tiny'))).toMatch(
      new RegExp(
        `^zoo tiny \\(table1\\): ${zooSize} models, ${survivors.length} cached, ${zooSize - survivors.length} to build`,
      ),
    );
    expect(lines.find((l) => l.startsWith('plan: '))).toMatch(
      /^plan: \d+ model\(s\) on wasm, 2 worker\(s\): peak ~\d\.\d GiB per worker; ~\d+ min per model, ~\d+ min in all/,
    );
    const table = readFileSync(r.table.csv, 'utf8').trim().split('\n');
    expect(table[0]).toBe('family,role,count,missing,test accuracy,fidelity,build seconds,overlap r,how made');
    expect(table).toHaveLength(1 + familiesOf(['table1']).length); // header + 14 families + 4 helper families
    expect(
      table
        .slice(1)
        .every((row) => /^[\w]+,(victim|homologous|piracy|helper \(positive\)|helper \(negative\)),\d+,0,/.test(row)),
    ).toBe(true);
  }, 600_000);
});

// The experiments run on a copy of the tiny zoo that jest's global setup built once for every spec.
describe('experiments on the tiny zoo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-experiments-'));
  const out = join(dir, 'smoke');
  const config = readExperimentConfig(join(root, 'experiments/smoke.json'));
  let cacheDir: string;
  let first: Awaited<ReturnType<typeof runExperiment>>;
  const lines: string[] = [];
  beforeAll(async () => {
    cacheDir = await copyOfTinyZoo();
    first = await runExperiment({
      config,
      backend: 'wasm',
      workers: 2,
      cacheDir,
      resultsDir: out,
      log: (l) => lines.push(l),
    });
  }, 600_000);

  it('the smoke experiment writes Tables I-V, figures, the page and run.json; its MIR and FIR are what its scores give', async () => {
    const t4 = first.tables.table4;
    expect(t4.columns).toEqual([...TABLE_FOUR_COLUMNS, 'Paper MIR', 'Paper FIR']);
    // One row per identification of every registered method, in registry order, then the clustering
    // row; a method allowed an empty tiny fingerprint (NaturalFinger) comes last, with '-'.
    const mayBeEmpty = METHODS.filter(mayBeEmptyAtTiny);
    expect(t4.rows.map((r) => r[0])).toEqual([
      ...METHODS.filter((m) => !mayBeEmpty.includes(m)).flatMap(identificationNames),
      'DeepCore (Clustering, KMeans)',
      ...mayBeEmpty.map((m) => `${m.name} (empty fingerprint)`),
    ]);
    // Nothing survives NaturalFinger's screening at tiny: its row says so rather than giving the
    // rates of a constant score, and it asks no queries.
    expect(lines).toContain(
      "NaturalFinger: its fingerprint is empty, so it identifies nothing; Table IV shows '-' for it",
    );
    const emptyRow = t4.rows[t4.rows.length - 1];
    expect(emptyRow.slice(1, 8)).toEqual(['-', '-', '-', '-', '-', '-', '-']);
    expect(emptyRow[t4.columns.indexOf('Queries/suspect')]).toBe(0);
    // Every threshold row's MIR and FIR are what the evaluation suspects' scores give at its threshold.
    const checked = tableFourAgainstScores(t4, first.tables.scores);
    expect(checked).toHaveLength(METHODS.filter((m) => !mayBeEmptyAtTiny(m)).flatMap(identificationNames).length);
    for (const c of checked) expect(`${c.method}: ${c.reported}`).toBe(`${c.method}: ${c.recomputed}`);
    // Queries are counted by the oracle: DeepCore asks one core per label.
    expect(t4.rows[0][t4.columns.indexOf('Queries/suspect')]).toBe(10);
    expect(t4.rows[0].slice(-2)).toEqual(['0.03', '0.00']); // the paper's L1_dist row
    // Table II: the random start, the cores at epochs 4 and 8 and where they stopped; radii and scores
    // per label; then each core's stop, by gamma before the cap.
    const table2 = first.tables.table2;
    expect(table2.rows.map((r) => r[0])).toEqual([
      'RP (start)',
      'Core_1 (epoch 4)',
      'Core_2 (epoch 8)',
      'Final',
      'Stopped at epoch (by)',
    ]);
    expect(table2.rows[0]).toHaveLength(11);
    for (const cell of table2.rows[4].slice(1)) expect(String(cell)).toMatch(/^\d+ \(gamma\)$/);
    // Table III: homologous and piracy rows for RP and each core snapshot; Table V: 6 rates x 3 algorithms.
    expect(first.tables.table3.rows.map((r) => r[0])).toEqual([
      'RP_h',
      'RP_p',
      'CP_1_h',
      'CP_1_p',
      'CP_2_h',
      'CP_2_p',
      'Final_h',
      'Final_p',
    ]);
    expect(first.tables.table5.rows).toHaveLength(6);
    for (const name of ['table1', 'table2', 'table3', 'table4', 'family_auc', 'table5', 'scores'])
      expect(existsSync(join(out, `${name}.csv`))).toBe(true);
    // Figures as SVG, and one offline page that shows every table and figure.
    const figures = [
      'fig5_score_radius',
      'fig6_model_scores',
      'fig7_score_differences',
      'fig9_projection',
      'roc',
      'robustness_uniqueness',
    ];
    for (const f of figures) expect(readFileSync(join(out, `${f}.svg`), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    for (const f of figures) expect(page).toContain(`<img src="${f}.svg"`);
    for (const t of ['Table I', 'Table II', 'Table III', 'Table IV', 'Per-family AUC', 'Table V'])
      expect(page).toContain(`<h2>${t}`);
    expect(page).not.toMatch(/<script|https?:\/\//);
    if (browserChecksRun()) {
      const seen = await viewPageInBrowser(join(out, 'index.html'));
      expect(seen.images.map((i) => i.src)).toEqual(figures.map((f) => `${f}.svg`));
      for (const i of seen.images) expect(i.width * i.height).toBeGreaterThan(100 * 100);
      expect(seen.tables).toBe(1 + 6); // the run's settings, Tables I-V and the per-family AUC
      expect(seen.failed).toEqual([]);
      expect(seen.requests.every((u) => u.startsWith('file://'))).toBe(true);
    } else console.warn('browser check of the smoke page skipped: no Chromium (apt-get install chromium)');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ scale: 'tiny', backend: 'wasm', seed: 0, experiment: { name: 'smoke' } });
    expect(run.data.identity).toMatch(/^generated:1000\+200:split-seed=0:[0-9a-f]{16}$/);
    expect(run.configSha256).toMatch(/^[0-9a-f]{64}$/);
    // Every DeepCore setting (N = 10 queries, one core per label; k, step, decay, cap, gamma) and its distances.
    expect(run.methods.deepcore).toEqual({
      identifications: ['DeepCore (L1_dist)', 'DeepCore (Cos_dist)'],
      budget: 'tiny',
      buildVersion: 2,
      settings: DEEPCORE_SETTINGS.tiny,
      queries: 10,
    });
    expect(Object.keys(run.methods)).toEqual(METHODS.map((m) => m.id));
    expect(run.reproduce).toBe(
      `npx tsx apps/runner/src/main.ts experiment ${join(out, 'config.json')} --scale tiny --backend wasm --cache-dir ${cacheDir} --results-dir ${out}`,
    );
    // Helpers are never scored; the suspects (18 at tiny) split in halves.
    const scores = readFileSync(join(out, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
    expect(scores.some((r) => r.startsWith('HELP_'))).toBe(false);
    expect(scores).toHaveLength(TINY_SUSPECTS);
    expect(scores.filter((r) => r.split(',')[3] === 'evaluation')).toHaveLength(TINY_SUSPECTS / 2);
    // The transfer-learned suspect: the methods fitted to the victim's labels cannot score it ('-'), every other does.
    const header = readFileSync(join(out, 'scores.csv'), 'utf8').split('\n')[0].split(',');
    const tl = scores.find((r) => r.startsWith('PM_TL/0,'))!.split(',');
    const unscored = header.filter((_, i) => tl[i] === '-' && i > header.indexOf('Overlap r'));
    expect(unscored).toEqual(METHODS.filter((m) => m.labelSpace.kind === 'victim-only').flatMap(identificationNames));
    expect(unscored.length).toBeGreaterThan(0);
  }, 600_000);

  it("run.json's reproduce line runs the experiment again: nothing built, no suspect queried, the same tables", async () => {
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    const table4 = readFileSync(join(out, 'table4.csv'), 'utf8');
    const args = (run.reproduce as string).replace('npx tsx apps/runner/src/main.ts ', '').split(' ');
    const again: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((l: string) => void again.push(l));
    try {
      await buildCli().parseAsync(['node', 'fpb', ...args]);
    } finally {
      log.mockRestore();
    }
    expect(again.filter((l) => / built \(/.test(l))).toEqual([]);
    // Every verdict (every suspect x every method) comes from the verdict cache.
    expect(again).toContain(
      `scored ${TINY_SUSPECTS}/${TINY_SUSPECTS} suspects (${TINY_SUSPECTS * METHODS.length} verdicts from the cache)`,
    );
    expect(readFileSync(join(out, 'table4.csv'), 'utf8')).toBe(table4);
  }, 600_000);

  it('runs the FingerBench and overlap analyses on that zoo plus their sets, reusing its fingerprints', async () => {
    const out = join(dir, 'sets');
    const base = readExperimentConfig(join(root, 'experiments/fingerbench.json'));
    const config = { ...base, name: 'sets', sets: ['table1', 'fingerbench', 'overlap'] };
    const lines: string[] = [];
    const { tables } = await runExperiment({
      config,
      scale: 'tiny',
      backend: 'wasm',
      workers: 2,
      cacheDir,
      resultsDir: out,
      log: (l) => lines.push(l),
    });
    // Table I's fingerprints are reused: only the new suspects are queried.
    expect(lines.filter((l) => / built \(/.test(l))).toEqual([]);
    // FingerBench: the source and every piracy model of Table I and FingerBench's set against their
    // homologous models, the mirror's three negatives among them (the helpers are left out).
    const count = (set: 'table1' | 'fingerbench', piracy: boolean) =>
      familiesOf([set])
        .filter((f) => f.set === set && !f.helper && f.kind !== 'victim' && (f.kind !== 'HM') === piracy)
        .reduce((n, f) => n + f.counts.tiny, 0);
    const positives = 1 + count('table1', true) + count('fingerbench', true);
    const negatives = count('table1', false) + count('fingerbench', false);
    expect(tables.fingerbench.title).toMatch(
      new RegExp(`^FingerBench: ${positives} positives .* vs ${negatives} negatives \\(4 of them mirror negatives\\)`),
    );
    // FingerBench's rows: the config's methods in its order, those with a fingerprint.
    expect(tables.fingerbench.rows.map((r) => r[0])).toEqual(
      config.methods
        .map(getMethod)
        .filter((m) => !mayBeEmptyAtTiny(m))
        .flatMap(identificationNames),
    );
    // Every AUC and ARUC is what the per-suspect scores give (matching rates raw, other scores normalised).
    const scores = tables.fingerbench_scores;
    for (const [name, arucAll, , auc] of tables.fingerbench.rows) {
      const col = scores.columns.indexOf(String(name));
      // '-': a suspect the method could not score (it answers five labels), out of its ARUC and AUC.
      const items = scores.rows
        .filter((r) => r[col] !== '-')
        .map((r) => ({ score: Number(r[col]), piracy: r[2] === 'positive' }));
      const rate = METHODS.some((m) => m.name === name && m.scoreIsMatchingRate);
      expect(`${name}: AUC ${auc}, ARUC ${arucAll}`).toBe(
        `${name}: AUC ${rocAuc(items).toFixed(3)}, ARUC ${aruc(rate ? items : normaliseScores(items)).toFixed(3)}`,
      );
    }
    expect(tables.fingerbench_families.rows.map((r) => r[0])).toEqual(
      expect.arrayContaining(['victim', 'FB_WP', 'FB_KO', 'FB_MIRROR', 'FB_MN_EM']),
    );
    // The overlap sweep at tiny: r = 0, 0.5, 1, one model each, every method's score.
    expect(tables.overlap.rows.map((r) => r[0])).toEqual(['0.00', '0.50', '1.00']);
    expect(tables.overlap_summary.rows.map((r) => r[0])).toEqual(tables.fingerbench.rows.map((r) => r[0]));
    for (const f of ['fingerbench_robustness_uniqueness', 'fingerbench_family_scores', 'overlap_sweep'])
      expect(readFileSync(join(out, `${f}.svg`), 'utf8')).toMatch(/^<svg/);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    for (const t of ['FingerBench:', 'Overlap sweep:', 'The fingerbench zoo', 'The overlap zoo'])
      expect(page).toContain(t);
  }, 600_000);
});
