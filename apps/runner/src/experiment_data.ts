import { deepCoreSplit, generateDataset, loadCifar10, resolveDataDir, type DeepCoreSplit, type TrainTestData } from '@fpb/data';
import { deriveSeed } from '@fpb/tensor';
import type { ScaleSpec } from '@fpb/models';

export interface ExperimentData {
  data: TrainTestData;
  split: DeepCoreSplit;
  /** Where the data came from, for metadata and run records. */
  source: string;
}

/** The data of a scale and its DeepCore split (victim : homologous : adversary = 2:2:1). */
export function loadExperimentData(scale: ScaleSpec, options: { dataDir?: string; seed: number; overlap?: number; log?: (l: string) => void }): ExperimentData {
  const { seed, overlap = 0, log = () => undefined } = options;
  let data: TrainTestData;
  let source: string;
  if (scale.dataset === 'generated') {
    data = generateDataset({ ...scale.generated, seed: deriveSeed(seed, 'generated-data') });
    source = `generated(seed=${seed})`;
  } else {
    const dir = resolveDataDir(options.dataDir);
    data = loadCifar10(dir, log);
    source = dir;
  }
  const split = deepCoreSplit(data.train.labels, data.train.numClasses, { overlap, seed });
  return { data, split, source };
}
