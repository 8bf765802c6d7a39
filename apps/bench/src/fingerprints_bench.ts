import { getMethod, METHODS, modelOracle, type FingerprintMethod } from '@fpb/fingerprints';
import { initBackend, type BackendChoice } from '@fpb/tensor';
import {
  assignUses,
  getZooScale,
  loadExperimentData,
  planZoo,
  ZooCache,
  zooCacheDir,
  type PlannedModel,
} from '@fpb/zoo';
import { arg } from './bench_args';

/**
 * Fingerprint cost per method: build time from scratch (no fingerprint cache), queries per suspect,
 * and the time to score one suspect, on the scale's cached victim and helpers (build the zoo first).
 * A benchmark that prints figures, not a test.
 *   npx nx run bench:fingerprints [-- --scale mini --methods deepcore,sac-w --backend wasm]
 */
const SCALE = arg('--scale') ?? 'mini';
const METHOD_IDS = arg('--methods')?.split(',');

async function main(): Promise<void> {
  const { backend } = await initBackend((arg('--backend') ?? 'auto') as BackendChoice, () => undefined);
  const scale = getZooScale(SCALE);
  const experiment = await loadExperimentData(scale.base, { seed: 0 });
  const plan = planZoo(scale, 0, experiment.identity);
  const cache = new ZooCache(zooCacheDir(scale.name));
  const load = async (p: PlannedModel) => {
    if (cache.status(p).state !== 'ready')
      throw new Error(
        `${p.recipe.id} is not in ${zooCacheDir(scale.name)}: build the zoo first (npx nx run zoo:build -- --scale ${scale.name})`,
      );
    return (await cache.load(p)).model;
  };
  const uses = assignUses(plan);
  const byUse = (use: string) => plan.filter((p) => uses.get(p.recipe.id) === use);
  const victim = await load(plan.find((p) => p.recipe.role === 'victim')!);
  const helpersOf = (use: string) =>
    Promise.all(byUse(use).map(async (p) => ({ model: await load(p), family: p.recipe.family })));
  const helpers = { positive: await helpersOf('helper-positive'), negative: await helpersOf('helper-negative') };
  const suspect = await load(byUse('evaluation')[0]);
  const methods: FingerprintMethod[] = METHOD_IDS ? METHOD_IDS.map(getMethod) : [...METHODS];
  for (const m of methods) {
    const started = performance.now();
    const fingerprint = await m.build({
      victim,
      data: experiment.data,
      split: experiment.split,
      helpers,
      budget: scale.name,
      seed: 0,
      log: () => undefined,
    });
    const buildSeconds = (performance.now() - started) / 1000;
    const oracle = modelOracle(suspect);
    const scoring = performance.now();
    m.score(fingerprint, oracle);
    const scoreMs = performance.now() - scoring;
    console.log(
      `method=${m.id} scale=${scale.name} backend=${backend} build_s=${buildSeconds.toFixed(1)} queries=${oracle.queries} score_ms=${scoreMs.toFixed(0)}`,
    );
  }
  [victim, suspect, ...[...helpers.positive, ...helpers.negative].map((h) => h.model)].forEach((model) =>
    model.dispose(),
  );
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
