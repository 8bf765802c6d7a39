import { initBackend, type BackendChoice } from '@fpb/tensor';
import { checkFolderUsable } from '@fpb/files';
import type { ModelMetadata } from '@fpb/models';
import type { TrainingEvent } from '@fpb/progress';
import { trainingProgressBar } from './progress/training_bar';
import {
  buildModel,
  getZooScale,
  loadExperimentData,
  planZoo,
  victimFamily,
  ZooCache,
  zooCacheDir,
  zooRecordOf,
  type ZooScale,
} from '@fpb/zoo';
import { measureSecondsPerImage, planLine, planMemory } from './training_plan';

export interface TrainVictimOptions {
  scale: string;
  backend: BackendChoice;
  dataDir?: string;
  /** Use CIFAR files that are not the official ones (other record counts or bytes), with a warning. */
  partialData?: boolean;
  seed: number;
  /** Override the scale's epoch count (a different recipe, so a different cache entry). */
  epochs?: number;
  cacheDir?: string;
  /** Split a batch that does not fit the backend's memory into micro-batches (default); false stops instead. */
  microBatches?: boolean;
  progress: boolean;
  log: (line: string) => void;
}

function withVictimEpochs(scale: ZooScale, epochs: number | undefined): ZooScale {
  if (!epochs) return scale;
  const victim = { ...scale.base.victim, train: { ...scale.base.victim.train, epochs } };
  return { ...scale, base: { ...scale.base, victim } };
}

/**
 * Builds the victim of a scale's zoo (trained on X_v, evaluated on the whole test set, saved in the
 * zoo cache), so that `fpb zoo` later starts from it. A victim already in the cache is reported, not retrained.
 */
export async function trainVictim(
  o: TrainVictimOptions,
): Promise<{ dir: string; metadata: ModelMetadata; built: boolean }> {
  const scale = withVictimEpochs(getZooScale(o.scale), o.epochs);
  checkFolderUsable(zooCacheDir(scale.name, o.cacheDir), 'the zoo cache', 2 * scale.modelBytes);
  const { backend } = await initBackend(o.backend, o.log);
  // Before any data is read: does a training step fit the backend's memory?
  const victimRecipe = victimFamily.recipes(scale, o.seed)[0];
  const memory = planMemory([victimRecipe], 10, backend, { microBatches: o.microBatches ?? true });
  memory.lines.forEach((l) => o.log(l));
  const experiment = await loadExperimentData(scale.base, {
    dataDir: o.dataDir,
    partialData: o.partialData,
    seed: o.seed,
    log: o.log,
  });
  const victim = planZoo(scale, o.seed, experiment.identity).find((p) => p.recipe.role === 'victim')!;
  const cache = new ZooCache(zooCacheDir(scale.name, o.cacheDir));
  const dir = cache.dirOf(victim);
  const report = (m: ModelMetadata, verb: string) =>
    o.log(
      `victim test accuracy ${(100 * (m.accuracy ?? NaN)).toFixed(2)}% on ${zooRecordOf(m, dir).testImages} test images; ${verb}; in ${dir}`,
    );
  const status = cache.status(victim);
  if (status.state === 'ready') {
    report(status.metadata, `already built (trained in ${status.metadata.timings.trainSeconds?.toFixed(0)} s)`);
    return { dir, metadata: status.metadata, built: false };
  }
  if (status.state === 'corrupt') o.log(`warning: rebuilding the victim: ${status.reason}`);
  const { architecture, width, train } = scale.base.victim;
  o.log(
    `victim: ${architecture} width ${width} on X_v = ${experiment.split.victim.length} of ${experiment.data.train.labels.length} training images, ${train.epochs} epochs`,
  );
  // A bar on a terminal; one line per epoch in logs and CI.
  const bar = o.progress ? trainingProgressBar('victim') : undefined;
  const onEvent =
    bar ??
    ((e: TrainingEvent) => {
      if (e.kind === 'epoch')
        o.log(
          `epoch ${e.epoch + 1}/${e.epochs}: loss ${e.loss.toFixed(3)}, train accuracy ${(100 * e.accuracy).toFixed(1)}%, ${e.seconds.toFixed(0)} s`,
        );
    });
  const speed = await measureSecondsPerImage([victim.recipe], 10, memory.microBatches);
  o.log(planLine([{ recipe: victim.recipe, images: experiment.split.victim.length }], speed, memory, backend, 1));
  const microBatchSize = memory.microBatches[victim.recipe.id];
  const metadata = await buildModel(victim, { experiment, cache, backend, onEvent, microBatchSize });
  bar?.stop();
  report(metadata, `trained in ${metadata.timings.trainSeconds?.toFixed(0)} s`);
  return { dir, metadata, built: true };
}
