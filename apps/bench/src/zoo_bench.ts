import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zooCacheDir } from '@fpb/zoo';
import { arg } from './bench_args';

/**
 * Zoo throughput: builds the same models (default: the first model of each of Table I's 8 piracy
 * families) into fresh caches with each backend and worker count, through the runner's own `zoo`
 * command, and prints models per hour, the speed-up over one worker, and each model's build seconds
 * per backend with their ratio. The victim is copied from the user's zoo cache when it is there (else
 * built first, untimed). A benchmark that prints figures, not a test.
 *   npx nx run bench:zoo [-- --scale mini --workers 1,2 --models PM_FA/0,PM_FA/1 --backends torch,wasm]
 */
const root = resolve(__dirname, '../../..');
const SCALE = arg('--scale') ?? 'mini';
const WORKERS = (arg('--workers') ?? `1,${availableParallelism()}`).split(',').map(Number);
const MODELS =
  arg('--models') ??
  ['PM_P', 'PM_FL', 'PM_FA', 'PM_Adv', 'EM_SA_L', 'EM_DA_L', 'EM_SA_Pr', 'EM_DA_Pr'].map((f) => `${f}/0`).join(',');
const BACKENDS = (arg('--backends') ?? arg('--backend') ?? 'wasm').split(',');

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
  const ids = MODELS.split(',');
  const perModel = new Map<string, number[]>();
  for (const backend of BACKENDS) perModel.set(backend, measureBackend(backend, userCache, victims, ids));
  if (BACKENDS.length < 2) return;
  const [first, ...others] = BACKENDS;
  for (const other of others) {
    const a = perModel.get(first)!;
    const b = perModel.get(other)!;
    ids.forEach((id, i) =>
      console.log(
        `model=${id} ${first}_seconds=${a[i]} ${other}_seconds=${b[i]} ${other}_vs_${first}=${(b[i] / a[i]).toFixed(2)}x`,
      ),
    );
    const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    console.log(
      `all ${ids.length} models: ${first} ${sum(a)} s, ${other} ${sum(b)} s: ${(sum(b) / sum(a)).toFixed(2)}x`,
    );
  }
}

/** Builds the models once per worker count on `backend`; returns each model's build seconds from the last count. */
function measureBackend(backend: string, userCache: string, victims: string[], ids: string[]): number[] {
  const count = ids.length;
  const rates = new Map<number, number>();
  let modelSeconds: number[] = [];
  for (const workers of WORKERS) {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-bench-zoo-'));
    try {
      const cache = join(dir, 'zoo');
      for (const v of victims) cpSync(join(userCache, v), join(cache, v), { recursive: true });
      const common = [
        '--scale',
        SCALE,
        '--backend',
        backend,
        '--cache-dir',
        cache,
        '--results-dir',
        join(dir, 'results'),
      ];
      if (victims.length === 0) fpb(['zoo', ...common, '--models', 'victim', '--workers', '1']);
      const { seconds, output } = fpb(['zoo', ...common, '--models', MODELS, '--workers', String(workers)]);
      // Each model's own build time, as its worker measured it: with more workers, a rise in it is
      // contention between workers; the rest of the wall time is start-up and scheduling.
      const built = new Map([...output.matchAll(/\] (\S+) built in (\d+) s/g)].map((m) => [m[1], Number(m[2])]));
      modelSeconds = ids.map((id) => built.get(id) ?? NaN);
      if (built.size !== count)
        throw new Error(`expected ${count} models built, the runner reported ${built.size}:\n${output}`);
      const meanModel = modelSeconds.reduce((a, b) => a + b, 0) / count;
      rates.set(workers, (3600 * count) / seconds);
      console.log(
        `scale=${SCALE} backend=${backend} workers=${workers} models=${count} seconds=${seconds.toFixed(1)} models_per_hour=${rates.get(workers)!.toFixed(1)} mean_model_seconds=${meanModel.toFixed(1)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const one = rates.get(1);
  for (const [workers, rate] of rates)
    if (one && workers !== 1) console.log(`speed-up ${workers} workers vs 1: ${(rate / one).toFixed(2)}x`);
  return modelSeconds;
}

try {
  main();
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
