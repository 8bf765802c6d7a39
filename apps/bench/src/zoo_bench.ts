import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zooCacheDir } from '@fpb/zoo';
import { arg } from './bench_args';

/**
 * Zoo throughput: builds the same models (default: the first model of each of Table I's 8 piracy
 * families) into fresh caches with each worker count, through the runner's own `zoo` command, and
 * prints models per hour and the speed-up over one worker. The victim is copied from the user's zoo
 * cache when it is there (else built first, untimed). A benchmark that prints figures, not a test.
 *   npx nx run bench:zoo [-- --scale mini --workers 1,2 --models PM_FA/0,PM_FA/1 --backend wasm]
 */
const root = resolve(__dirname, '../../..');
const SCALE = arg('--scale') ?? 'mini';
const WORKERS = (arg('--workers') ?? `1,${availableParallelism()}`).split(',').map(Number);
const MODELS =
  arg('--models') ??
  ['PM_P', 'PM_FL', 'PM_FA', 'PM_Adv', 'EM_SA_L', 'EM_DA_L', 'EM_SA_Pr', 'EM_DA_Pr'].map((f) => `${f}/0`).join(',');
const BACKEND = arg('--backend') ?? 'wasm';

function fpb(args: string[]): { seconds: number; output: string } {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(root, 'apps/runner/src/main.ts'), ...args],
    { cwd: root, encoding: 'utf8' },
  );
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`fpb ${args.join(' ')} failed (exit ${r.status}):\n${output}`);
  return { seconds: (performance.now() - started) / 1000, output };
}

function main(): void {
  const userCache = zooCacheDir(SCALE);
  const victims = existsSync(userCache) ? readdirSync(userCache).filter((d) => d.startsWith('victim-')) : [];
  const count = MODELS.split(',').length;
  const rates = new Map<number, number>();
  for (const workers of WORKERS) {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-bench-zoo-'));
    try {
      const cache = join(dir, 'zoo');
      for (const v of victims) cpSync(join(userCache, v), join(cache, v), { recursive: true });
      const common = [
        '--scale',
        SCALE,
        '--backend',
        BACKEND,
        '--cache-dir',
        cache,
        '--results-dir',
        join(dir, 'results'),
      ];
      if (victims.length === 0) fpb(['zoo', ...common, '--models', 'victim', '--workers', '1']);
      const { seconds, output } = fpb(['zoo', ...common, '--models', MODELS, '--workers', String(workers)]);
      // Each model's own build time, as its worker measured it: with more workers, a rise in it is
      // contention between workers; the rest of the wall time is start-up and scheduling.
      const modelSeconds = [...output.matchAll(/ built in (\d+) s/g)].map((m) => Number(m[1]));
      if (modelSeconds.length !== count)
        throw new Error(`expected ${count} models built, the runner reported ${modelSeconds.length}:\n${output}`);
      const meanModel = modelSeconds.reduce((a, b) => a + b, 0) / count;
      rates.set(workers, (3600 * count) / seconds);
      console.log(
        `scale=${SCALE} backend=${BACKEND} workers=${workers} models=${count} seconds=${seconds.toFixed(1)} models_per_hour=${rates.get(workers)!.toFixed(1)} mean_model_seconds=${meanModel.toFixed(1)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const one = rates.get(1);
  for (const [workers, rate] of rates)
    if (one && workers !== 1) console.log(`speed-up ${workers} workers vs 1: ${(rate / one).toFixed(2)}x`);
}

try {
  main();
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
