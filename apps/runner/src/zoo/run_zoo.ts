import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { checkFolderUsable, removeStaleTemporaries, withFolderLock } from '@fpb/files';
import { writeTable } from '@fpb/report';
import { backendRunsOnGpu, initBackend, type BackendChoice, type BackendName } from '@fpb/tensor';
import {
  classCount,
  familiesOf,
  getZooScale,
  resultsLabel,
  loadExperimentData,
  needsBuild,
  planZoo,
  tableOne,
  ZooCache,
  zooCacheDir,
  zooWork,
  type ExperimentDataset,
  type ModelRecipe,
  type PlannedModel,
  type ZooSet,
} from '@fpb/zoo';
import { placeImportedVictim, zooScaleFor } from '../audit/imported_victim';
import { measureSecondsPerImage, planLine, planMemory, trainingImages, type MemoryPlan } from '../training_plan';
import { GpuProcessPool } from './gpu_process_pool';
import { placeWorkers } from './worker_placement';
import { threadPool, type ZooPool } from './zoo_pool';
import { zooProgress } from './zoo_progress';

export interface RunZooOptions {
  scale: string;
  seed: number;
  backend: BackendChoice;
  dataDir?: string;
  /** Use CIFAR files that are not the official ones (other record counts or bytes), with a warning. */
  partialData?: boolean;
  /** A real dataset instead of the scale's own source (see loadExperimentData); CIFAR-100 experiments set it. */
  dataset?: ExperimentDataset;
  /** Worker threads in this process (default: one per core). */
  workers?: number;
  /** GPUs to spread workers over (one process each when more than one) and threads per GPU; instead of `workers`. */
  gpus?: number;
  workersPerGpu?: number;
  cacheDir?: string;
  resultsDir?: string;
  /** Which families to build: `table1` (default), `overlap` (the homologous overlap sweep), `fingerbench`, or several. */
  sets?: string[];
  /** Recipe ids (e.g. `PM_FA/0`) to build, with whatever they need that is not cached; default: every missing model. */
  models?: string[];
  /** Only write Table I from what the cache holds; build nothing. */
  reportOnly?: boolean;
  /** Split a batch that does not fit the backend's memory into micro-batches (default); false stops the run instead. */
  microBatches?: boolean;
  /** A folder made by `fpb import --architecture`: the zoo is built around that victim instead of training one. */
  victim?: string;
  log: (line: string) => void;
}

export interface RunZooResult {
  /** True when Ctrl-C / SIGTERM stopped the run: finished models are saved, the rest is left for the next run. */
  interrupted: boolean;
  built: string[];
  /** Models another run built while this one waited for them. */
  reused: string[];
  cached: number;
  failed: Array<{ id: string; error: string }>;
  table: { csv: string; markdown: string };
}

/** What a model waits for among the models being built: the victim (every fidelity is measured against it) and its own parent. */
function dependenciesBeingBuilt(r: ModelRecipe, building: Set<string>, victim: string | undefined): string[] {
  return [r.role !== 'victim' ? victim : undefined, r.parent !== 'victim' ? r.parent : undefined].filter(
    (d): d is string => d !== undefined && building.has(d),
  );
}

/**
 * Runs every model once its dependencies are built, `workers` at a time: the victim (every model's
 * fidelity is measured against it) and its own parent (a mirror model) when those are being built
 * in this run. A model whose dependency failed is skipped and reported; the rest go on.
 */
async function runGraph(
  toBuild: PlannedModel[],
  workers: number,
  run: (id: string) => Promise<boolean>,
  result: RunZooResult,
  progress: { finished(id: string, line: string): void },
): Promise<void> {
  const building = new Set(toBuild.map((p) => p.recipe.id));
  const victim = toBuild.find((p) => p.recipe.role === 'victim')?.recipe.id;
  const depsOf = (p: PlannedModel) => dependenciesBeingBuilt(p.recipe, building, victim);
  const pending = new Map(toBuild.map((p) => [p.recipe.id, p]));
  const done = new Set<string>();
  const failed = new Set<string>();
  let running = 0;
  await new Promise<void>((finish) => {
    const pump = () => {
      if (!result.interrupted) {
        for (const [id, p] of pending) {
          const deps = depsOf(p);
          const broken = deps.find((d) => failed.has(d));
          if (broken) {
            pending.delete(id);
            failed.add(id);
            result.failed.push({ id, error: `skipped: ${broken} failed to build` });
            progress.finished(id, `${id} skipped: ${broken} failed to build`);
          } else if (running < workers && deps.every((d) => done.has(d))) {
            // At most one job per worker in flight, so a started job is a running one (honest progress view).
            pending.delete(id);
            running++;
            void run(id).then((ok) => {
              running--;
              (ok ? done : failed).add(id);
              pump();
            });
          }
        }
      }
      if (running === 0 && (pending.size === 0 || result.interrupted)) finish();
    };
    pump();
  });
}

/**
 * Round-robin over families (victim first, each family in its own order), so that an interrupted or
 * partly built zoo holds a few models of every family rather than all of some and none of others.
 */
export function interleaveFamilies(models: PlannedModel[]): PlannedModel[] {
  const byFamily = new Map<string, PlannedModel[]>();
  for (const p of models) byFamily.set(p.recipe.family, [...(byFamily.get(p.recipe.family) ?? []), p]);
  const queues = [...byFamily.values()];
  const out: PlannedModel[] = [];
  for (let round = 0; out.length < models.length; round++)
    for (const q of queues) if (round < q.length) out.push(q[round]);
  return out;
}

/** The missing models among `ids`, plus the missing models they derive from (the victim, a mirror). */
export function withDependencies<T extends { planned: PlannedModel }>(
  missing: T[],
  ids: readonly string[],
  plan: PlannedModel[],
): T[] {
  const byId = new Map(plan.map((p) => [p.recipe.id, p]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0)
    throw new Error(
      `unknown model id(s) ${unknown.join(', ')}: ids look like PM_FA/0 (family/index) and must belong to the chosen sets`,
    );
  const victim = plan.find((p) => p.recipe.role === 'victim')!.recipe.id;
  const wanted = new Set<string>();
  const add = (id: string) => {
    if (wanted.has(id)) return;
    wanted.add(id);
    const r = byId.get(id)!.recipe;
    if (r.role !== 'victim') add(victim);
    if (r.parent && r.parent !== 'victim') add(r.parent);
  };
  ids.forEach(add);
  return missing.filter((m) => wanted.has(m.planned.recipe.id));
}

/** The lock a run holds while it builds one model, so that two runs on one cache never build it twice. */
export function modelLockPath(cacheDir: string, cache: ZooCache, planned: PlannedModel): string {
  return join(cacheDir, '.locks', `${basename(cache.dirOf(planned))}.lock`);
}

/**
 * The models a zoo run would build, in waves: the first holds what depends on nothing being built
 * (the victim, when missing), each next wave what depends only on earlier ones (a mirror's children
 * after the mirror). A scheduler runs one wave after another.
 */
export async function missingModelWaves(
  o: Pick<RunZooOptions, 'scale' | 'seed' | 'dataDir' | 'partialData' | 'dataset' | 'cacheDir' | 'sets' | 'log'>,
): Promise<string[][]> {
  const scale = getZooScale(o.scale);
  const { dataDir, partialData, dataset, seed, log } = o;
  const experiment = await loadExperimentData(scale.base, { dataDir, partialData, dataset, seed, log });
  const plan = planZoo(scale, o.seed, experiment.identity, familiesOf(o.sets ?? ['table1']));
  const build = zooWork(plan, new ZooCache(zooCacheDir(scale.name, o.cacheDir))).build.map((b) => b.planned.recipe);
  const building = new Set(build.map((r) => r.id));
  const victim = build.find((r) => r.role === 'victim')?.id;
  const wave = new Map<string, number>();
  // The plan lists parents before children, so a dependency's wave is known when its children come.
  for (const r of build)
    wave.set(r.id, Math.max(0, ...dependenciesBeingBuilt(r, building, victim).map((d) => wave.get(d)! + 1)));
  const waves: string[][] = [];
  for (const [id, k] of wave) (waves[k] ??= []).push(id);
  return waves;
}

/**
 * The zoo as building sees it: every folder this run writes checked, the backend started once and
 * every training step checked against its memory, all before any data is read or model trained;
 * then the data, the plan and what is left to build.
 */
async function prepareZoo(o: RunZooOptions) {
  const scale = zooScaleFor(o.scale, o.victim);
  const cacheDir = zooCacheDir(scale.name, o.cacheDir);
  const resultsDir = resolve(o.resultsDir ?? join('results', 'zoo', resultsLabel(scale)));
  const sets = o.sets ?? ['table1'];
  const families = familiesOf(sets);
  const modelCount = families.reduce((n, f) => n + f.counts[scale.name], 0);
  checkFolderUsable(cacheDir, 'the zoo cache', o.reportOnly ? 0 : 2 * modelCount * scale.modelBytes);
  checkFolderUsable(resultsDir, 'the results folder');
  // A backend that cannot start stops the run with its one line instead of failing every model in turn.
  const backend = o.reportOnly ? undefined : (await initBackend(o.backend, o.log)).backend;
  const numClasses = classCount(o.dataset);
  const recipes = families.flatMap((f) => f.recipes(scale, o.seed));
  const memory = backend
    ? planMemory(recipes, numClasses, backend, { microBatches: o.microBatches ?? true })
    : undefined;
  memory?.lines.forEach((l) => o.log(l));
  const { dataDir, partialData, dataset, seed, log } = o;
  const experiment = await loadExperimentData(scale.base, { dataDir, partialData, dataset, seed, log, shared: true });
  const plan = planZoo(scale, o.seed, experiment.identity, families);
  const cache = new ZooCache(cacheDir);
  for (const name of removeStaleTemporaries(cacheDir))
    o.log(`removed ${name}, left in ${cacheDir} by a run that was killed`);
  if (o.victim !== undefined && backend)
    await placeImportedVictim(o.victim, { plan, cache, experiment, backend }, o.log);
  const work = zooWork(plan, cache);
  if (o.models) work.build = withDependencies(work.build, o.models, plan);
  if (o.reportOnly)
    // Nothing is built here: say what is missing or damaged instead of promising a rebuild.
    for (const b of work.build)
      o.log(
        `warning: ${b.planned.recipe.id} is ${b.reason}${b.detail ? ` (${b.detail})` : ''}: not built under --cached-only; run without it to build it`,
      );
  else work.warnings.forEach((w) => o.log(w));
  o.log(
    `zoo ${scale.name} (${sets.join(' + ')}): ${plan.length} models, ${work.cached.length} cached, ${work.build.length} to build, in ${cacheDir}`,
  );
  return { scale, cacheDir, resultsDir, sets, backend, numClasses, memory, experiment, plan, cache, work };
}

type PreparedZoo = Awaited<ReturnType<typeof prepareZoo>>;

/** Worker threads here, or one process per GPU; the plan line says how many and how long. */
async function startPool(o: RunZooOptions, zoo: PreparedZoo, backend: BackendName, memory: MemoryPlan) {
  const onGpu = backendRunsOnGpu(backend);
  if (o.gpus !== undefined && !onGpu)
    o.log(
      `warning: --gpus ${o.gpus} with the ${backend} backend, which runs on the CPU: ${o.gpus} worker processes, no GPU is used`,
    );
  const placement = placeWorkers(o, availableParallelism(), zoo.work.build.length);
  const workers = placement.threadsPerProcess * (placement.gpus?.length ?? 1);
  const toBuild = zoo.work.build.map((b) => b.planned.recipe);
  const speed = await measureSecondsPerImage(toBuild, zoo.numClasses, memory.microBatches);
  const images = toBuild.map((recipe) => ({ recipe, images: trainingImages(recipe, zoo.experiment.split) }));
  o.log(planLine(images, speed, memory, backend, workers));
  const common = {
    scale: zoo.scale.name,
    victim: zoo.scale.importedVictim,
    seed: o.seed,
    backend: o.backend,
    cacheDir: zoo.cacheDir,
    sets: zoo.sets,
  };
  const pool: ZooPool = placement.gpus
    ? new GpuProcessPool(
        placement.gpus,
        {
          ...common,
          dataDir: o.dataDir,
          partialData: o.partialData,
          dataset: o.dataset,
          threads: placement.threadsPerProcess,
          microBatches: memory.microBatches,
        },
        o.log,
      )
    : threadPool(
        { ...common, experiment: zoo.experiment, microBatches: memory.microBatches },
        placement.threadsPerProcess,
        o.log,
      );
  if (placement.gpus)
    o.log(
      `${placement.gpus.length} ${onGpu ? 'GPU' : 'CPU'} processes x ${placement.threadsPerProcess} worker threads`,
    );
  return { pool, workers, onGpu };
}

/**
 * Builds the missing models on the pool, each under a folder lock (a second run on the same cache
 * waits for the model, then reuses it). The first Ctrl-C stops the workers: unfinished models are
 * lost, finished ones are on disk; a second one ends the process at once.
 */
async function buildMissing(
  o: RunZooOptions,
  zoo: PreparedZoo,
  result: RunZooResult,
  backend: BackendName,
  memory: MemoryPlan,
) {
  const { pool, workers, onGpu } = await startPool(o, zoo, backend, memory);
  const progress = zooProgress(zoo.work.build.length, workers, o.log);
  const onSignal = () => {
    result.interrupted = true;
    progress.stop();
    o.log('interrupted: models being trained are lost, finished ones are saved; run the same command again to resume');
    void pool.destroy();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const backendLines = new Set<string>();
  const byId = new Map(zoo.plan.map((p) => [p.recipe.id, p]));
  const build = async (id: string): Promise<boolean> => {
    if (!needsBuild(zoo.plan, id, zoo.cache)) {
      result.reused.push(id);
      progress.finished(id, `${id} was built by another run meanwhile: reused`);
      return true;
    }
    progress.started(id);
    try {
      const r = await pool.run({ id }, (e) => progress.event(id, e));
      // Each distinct backend line once, so a worker that fell back (say to cpu) is seen.
      const backendNote = backendLines.has(r.backendLine) ? '' : ` (worker ${r.backendLine})`;
      backendLines.add(r.backendLine);
      result.built.push(id);
      const where = r.gpu === undefined ? '' : onGpu ? ` on GPU ${r.gpu}` : ` in process ${r.gpu}`;
      progress.finished(
        id,
        `${id} built in ${r.seconds.toFixed(0)} s${where}: accuracy ${(100 * r.accuracy).toFixed(1)}%, fidelity ${(100 * r.fidelity).toFixed(1)}%, ${(r.memory.bytes / 2 ** 20).toFixed(0)} MiB ${r.memory.what}${backendNote}`,
      );
      return true;
    } catch (e) {
      if (result.interrupted) return false; // cancelled, not failed
      result.failed.push({ id, error: (e as Error).message });
      progress.finished(id, `${id} FAILED: ${(e as Error).message}`);
      return false;
    }
  };
  const run = (id: string): Promise<boolean> =>
    withFolderLock(modelLockPath(zoo.cacheDir, zoo.cache, byId.get(id)!), () => build(id), {
      onWait: (holder) =>
        o.log(`${id}: another run (pid ${holder?.pid ?? '?'}) is building it; waiting to reuse its result`),
    });
  try {
    await runGraph(interleaveFamilies(zoo.work.build.map((b) => b.planned)), workers, run, result, progress);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
    if (!result.interrupted) await pool.destroy();
  }
}

/**
 * Builds whatever of a scale's zoo is not in the cache, on a pool of worker threads (one per core by
 * default, each with its own tensor backend; or K per GPU, one process per GPU): the victim first,
 * then every other model as soon as its dependencies are built and a worker is free. A failed model is reported and the rest go on;
 * models that depend on a failed one are skipped. Saved models are complete or absent, so an
 * interrupted run resumes.
 */
export async function runZoo(o: RunZooOptions): Promise<RunZooResult> {
  const zoo = await prepareZoo(o);
  const result: RunZooResult = {
    interrupted: false,
    built: [],
    reused: [],
    cached: zoo.work.cached.length,
    failed: [],
    table: { csv: '', markdown: '' },
  };
  if (zoo.work.build.length > 0 && zoo.backend && zoo.memory)
    await buildMissing(o, zoo, result, zoo.backend, zoo.memory);
  if (result.interrupted) return result;
  // Table I, and the same per-family summary for each other set that was asked for.
  for (const set of zoo.sets) {
    const table = tableOne(zoo.plan, zoo.cache, zoo.scale.name, set as ZooSet);
    const written = writeTable(zoo.resultsDir, set === 'table1' ? 'table1' : `zoo_${set}`, table);
    if (set === zoo.sets[0]) result.table = written;
    o.log(`${set === 'table1' ? 'Table I' : `the ${set} summary`} written to ${written.markdown} and ${written.csv}`);
  }
  if (result.failed.length > 0)
    o.log(`${result.failed.length} model(s) failed: ${result.failed.map((f) => f.id).join(', ')}`);
  return result;
}
