import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runZoo } from './run_zoo';

const root = resolve(__dirname, '../../../..');

/** Finished models in a cache folder (a model folder counts once its manifest is there). */
function finished(cacheDir: string): string[] {
  if (!existsSync(cacheDir)) return [];
  return readdirSync(cacheDir).filter((d) => !d.startsWith('.') && existsSync(join(cacheDir, d, 'meta.json')));
}

describe('zoo command at tiny scale', () => {
  it('survives kill -9: the next run trains nothing that was finished, then completes the zoo and Table I', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-zoo-run-'));
    const cacheDir = join(dir, 'cache');
    const resultsDir = join(dir, 'results');
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
});
