import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { familiesOf, getZooScale, loadExperimentData, planZoo, ZooCache } from '@fpb/zoo';
import { packApp } from './pack_app';

// The packed app runs where only node exists: run it from a folder outside the repository, with a
// clean environment, and check it builds the same models (same cache keys) as the source does.
describe('runner:pack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-pack-test-'));
  const out = join(dir, 'gpu-app');
  const env = { PATH: process.env.PATH ?? '', HOME: dir, FPB_APP_DIR: join(dir, 'unpacked') };
  const runSh = (...args: string[]) => spawnSync(join(out, 'run.sh'), args, { cwd: dir, env, encoding: 'utf8' });

  let archiveBytes = 0;
  beforeAll(async () => {
    ({ archiveBytes } = await packApp(out));
  }, 120_000);

  it('stays small enough to copy to a bare machine, and names its entries', () => {
    expect(archiveBytes).toBeGreaterThan(2 ** 20); // the tfjs builds are in it
    expect(archiveBytes).toBeLessThan(40 * 2 ** 20); // the runtime packages without their unused builds
    const r = runSh('nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown entry 'nope' \(have: bench-training fpb torch-build zoo_gpu_host zoo_task/);
    const help = runSh('fpb', '--help');
    expect(help.status).toBe(0);
    for (const command of ['train-victim', 'zoo', 'experiment', 'data']) expect(help.stdout).toContain(command);
  });

  it('builds a tiny model on the wasm backend in a worker thread, under the same cache key as the source, and one in a GPU process', async () => {
    const cacheDir = join(dir, 'cache');
    // The packed fpb builds tiny models on wasm into this cache.
    const zoo = (...args: string[]) =>
      runSh(
        'fpb',
        'zoo',
        '--scale',
        'tiny',
        '--backend',
        'wasm',
        '--cache-dir',
        cacheDir,
        '--results-dir',
        join(dir, 'results'),
        ...args,
      );
    const r = zoo('--workers', '1', '--models', 'PM_FL/0');
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /\[1\/2\] victim built in \d+ s: accuracy [\d.]+%, fidelity 100\.0%, [1-9]\d* MiB wasm heap \(worker tensor backend: wasm\)/,
    );
    expect(r.stdout).toMatch(/\[2\/2\] PM_FL\/0 built/);

    const scale = getZooScale('tiny');
    const experiment = await loadExperimentData(scale.base, { seed: 0, log: () => undefined });
    const plan = planZoo(scale, 0, experiment.identity, familiesOf(['table1']));
    const cache = new ZooCache(cacheDir);
    const expected = plan
      .filter((p) => p.recipe.id === 'victim' || p.recipe.id === 'PM_FL/0')
      .map((p) => cache.dirOf(p).slice(cacheDir.length + 1));
    expect(
      readdirSync(cacheDir)
        .filter((d) => !d.startsWith('.'))
        .sort(),
    ).toEqual(expected.sort());

    // The bundled GPU host: one more model in a child process as under --gpus 2 (wasm here).
    const gpu = zoo('--gpus', '2', '--workers-per-gpu', '1', '--models', 'PM_FA/0');
    expect(gpu.stderr).not.toMatch(/error/i);
    expect(gpu.status).toBe(0);
    expect(gpu.stdout).toMatch(/\[1\/1\] PM_FA\/0 built in \d+ s in process 0:/);
  }, 300_000);
});
