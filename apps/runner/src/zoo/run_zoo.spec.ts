import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runFingerprints } from '../fingerprints/run_fingerprints';
import { runZoo } from './run_zoo';

const root = resolve(__dirname, '../../../..');

/** Finished models in a cache folder (a model folder counts once its manifest is there). */
function finished(cacheDir: string): string[] {
  if (!existsSync(cacheDir)) return [];
  return readdirSync(cacheDir).filter((d) => !d.startsWith('.') && existsSync(join(cacheDir, d, 'meta.json')));
}

// One tiny zoo serves both tests (zoo, then fingerprints on it): building it is the slow part.
describe('zoo and fingerprints commands at tiny scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-zoo-run-'));
  const cacheDir = join(dir, 'cache');
  const resultsDir = join(dir, 'results');

  it('survives kill -9: the next run trains nothing that was finished, then completes the zoo and Table I', async () => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'apps/runner/src/main.ts'), 'zoo', '--scale', 'tiny', '--backend', 'wasm', '--workers', '2', '--cache-dir', cacheDir, '--results-dir', resultsDir], {
      cwd: root,
      stdio: 'ignore',
    });
    const deadline = Date.now() + 240_000;
    while (finished(cacheDir).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const survivors = finished(cacheDir);
    expect(survivors.length).toBeGreaterThanOrEqual(3);
    expect(survivors.some((d) => d.startsWith('victim-'))).toBe(true);

    const lines: string[] = [];
    const r = await runZoo({ scale: 'tiny', seed: 0, backend: 'wasm', workers: 2, cacheDir, resultsDir, log: (l) => lines.push(l) });
    const rebuiltDirs = r.built.map((id) => id.replace('/', '_'));
    for (const s of survivors) expect(rebuiltDirs.some((b) => s.startsWith(`${b}-`))).toBe(false);
    expect(r.failed).toEqual([]);
    expect(r.cached + r.built.length).toBe(13);
    expect(finished(cacheDir)).toHaveLength(13);
    expect(lines[0]).toMatch(new RegExp(`^zoo tiny \\(table1\\): 13 models, ${survivors.length} cached, ${13 - survivors.length} to build`));
    const table = readFileSync(r.table.csv, 'utf8').trim().split('\n');
    expect(table[0]).toBe('family,role,count,missing,test accuracy,fidelity,build seconds,how made');
    expect(table).toHaveLength(12); // header + 11 families
    expect(table.slice(1).every((row) => /^[\w]+,(victim|homologous|piracy),\d+,0,/.test(row))).toBe(true);
  }, 600_000);

  it('fingerprints the zoo: Table IV with a row per identification, Table V, cached fingerprints on a second run', async () => {
    const fpResults = join(dir, 'fp-results');
    const lines: string[] = [];
    const first = await runFingerprints({ scale: 'tiny', seed: 0, backend: 'wasm', cacheDir, resultsDir: fpResults, log: (l) => lines.push(l) });
    const names = first.tableFour.rows.map((r) => r[0]);
    expect(names).toEqual(['DeepCore (L1_dist)', 'DeepCore (Cos_dist)', 'SAC-w', 'SAC-m', 'FUAP', 'IPGuard', 'MetaFinger', 'MetaV', 'PMI', 'NaturalFinger', 'DeepCore (Clustering, KMeans)']);
    for (const [, mir, fir, auc, aruc, , queries] of first.tableFour.rows) {
      for (const rate of [mir, fir]) expect(Number(rate)).toBeGreaterThanOrEqual(0);
      for (const rate of [mir, fir]) expect(Number(rate)).toBeLessThanOrEqual(1);
      if (auc !== '-') expect(Number(auc)).toBeLessThanOrEqual(1);
      if (aruc !== '-') expect(Number(aruc)).toBeLessThanOrEqual(1);
      expect(Number(queries)).toBeGreaterThan(0);
    }
    // Helpers (HM_SA/1, HM_DA/1) are never scored; the other 10 suspects split 5 / 5.
    expect(first.results.map((r) => r.id)).not.toContain('HM_SA/1');
    expect(first.results.filter((r) => r.use === 'evaluation')).toHaveLength(5);
    expect(first.tableFive!.rows).toHaveLength(6);
    expect(readFileSync(join(fpResults, 'table4.csv'), 'utf8').split('\n')[0]).toBe('Method,MIR,FIR,AUC,ARUC,Threshold,Queries/suspect,Build s');
    // Second run: every fingerprint comes from the cache, and the table is the same.
    const again: string[] = [];
    const second = await runFingerprints({ scale: 'tiny', seed: 0, backend: 'wasm', cacheDir, resultsDir: fpResults, log: (l) => again.push(l) });
    expect(again.filter((l) => / built \(/.test(l))).toEqual([]);
    expect(second.tableFour.rows).toEqual(first.tableFour.rows);
  }, 600_000);
});
