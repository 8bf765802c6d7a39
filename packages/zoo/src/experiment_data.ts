import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  balancedSubset,
  CIFAR10_FOLDER,
  CIFAR10_TEST_FILES,
  CIFAR10_TRAIN_FILES,
  deepCoreSplit,
  fetchCifar10,
  generateDataset,
  loadCifar10,
  loadCifar100,
  resolveDataDir,
  subset,
  type DeepCoreSplit,
  type TrainTestData,
} from '@fpb/data';
import { deriveSeed } from '@fpb/tensor';
import type { ScaleSpec } from '@fpb/models';

export interface ExperimentData {
  data: TrainTestData;
  split: DeepCoreSplit;
  /** Where the data came from, for metadata and run records. */
  source: string;
  /** Identifies the exact training/test images and split seed: part of every zoo model's cache key. */
  identity: string;
  /** The seed of the subset and split. */
  seed: number;
}

function dataIdentity(data: TrainTestData, seed: number): string {
  const hash = createHash('sha256');
  // Every byte: a single damaged pixel makes another dataset, so models built on it get other keys.
  hash.update(data.train.labels).update(data.test.labels).update(data.train.images).update(data.test.images);
  return `${data.name}:${data.train.labels.length}+${data.test.labels.length}:split-seed=${seed}:${hash.digest('hex').slice(0, 16)}`;
}

/** True when the default data folder (no --data-dir, no FPB_DATA_DIR) lacks CIFAR-10: then it is fetched. */
function needsFetch(dataDirFlag: string | undefined): boolean {
  if (dataDirFlag || process.env.FPB_DATA_DIR) return false;
  const folder = join(resolveDataDir(), CIFAR10_FOLDER);
  return ![...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].every((f) => existsSync(join(folder, f)));
}

/** The labelled image sets an experiment can run on (its config's `dataset`). */
export type ExperimentDataset = 'cifar10' | 'cifar100';

/** Classes of a real dataset; a scale's own source (CIFAR-10 or generated images) has 10. */
export const classCount = (dataset: ExperimentDataset | undefined): number => {
  switch (dataset) {
    case 'cifar100':
      return 100;
    case 'cifar10':
    case undefined:
      return 10;
  }
};

/**
 * The data of a scale and its DeepCore split (victim : homologous : adversary = 2:2:1). By default the
 * scale's own source: generated data at `tiny`, CIFAR-10 otherwise, fetched into the per-user cache
 * when no data folder was named and it is missing there. `dataset` names a real dataset instead (at
 * any scale; the scale keeps its models, budgets and per-class cap): CIFAR-100 (fine labels) is never
 * fetched here, it is read from the data folder.
 */
export async function loadExperimentData(
  scale: ScaleSpec,
  options: {
    dataDir?: string;
    /** Accept CIFAR files that are not the official ones, with a warning (see checkKnownFiles). */
    partialData?: boolean;
    seed: number;
    overlap?: number;
    dataset?: ExperimentDataset;
    log?: (l: string) => void;
    shared?: boolean;
  },
): Promise<ExperimentData> {
  const { seed, overlap = 0, log = () => undefined, shared = false } = options;
  const dataset = options.dataset ?? scale.dataset;
  let data: TrainTestData;
  let source: string;
  if (dataset === 'generated') {
    data = generateDataset({ ...scale.generated!, seed: deriveSeed(seed, 'generated-data') });
    source = `generated(seed=${seed})`;
  } else {
    const dir = resolveDataDir(options.dataDir);
    if (dataset === 'cifar100') data = loadCifar100(dir, 'fine', { log, shared, partial: options.partialData });
    else {
      if (needsFetch(options.dataDir)) await fetchCifar10({ dataDir: dir, log });
      data = loadCifar10(dir, { log, shared, partial: options.partialData });
    }
    source = dir;
    const perClass = scale.trainPerClass ?? scale.generated?.trainPerClass;
    if (perClass) {
      const picked = balancedSubset(data.train.labels, data.train.numClasses, perClass, seed);
      log(
        `training subset: ${picked.length} of ${data.train.labels.length} images (at most ${perClass} per class); test set: all ${data.test.labels.length}`,
      );
      data = { ...data, train: subset(data.train, picked) };
      source = `${dir} (balanced subset, ${perClass} per class)`;
    }
  }
  const split = deepCoreSplit(data.train.labels, data.train.numClasses, { overlap, seed });
  return { data, split, source, identity: dataIdentity(data, seed), seed };
}
