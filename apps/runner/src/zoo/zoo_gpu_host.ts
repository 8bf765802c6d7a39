import { getZooScale, loadExperimentData, type ExperimentDataset, type ImportedVictim } from '@fpb/zoo';
import type { BackendChoice } from '@fpb/tensor';
import { threadPool, type ZooPool } from './zoo_pool';
import type { ZooTaskResult } from './zoo_task';
import type { TrainingEvent } from '@fpb/progress';

/** What a GPU's process needs to build models: it loads the data itself (shared memory ends at a process). */
export interface GpuHostInit {
  scale: string;
  victim?: ImportedVictim;
  seed: number;
  backend: BackendChoice;
  dataDir?: string;
  /** Use CIFAR files that are not the official ones (other record counts or bytes), with a warning. */
  partialData?: boolean;
  dataset?: ExperimentDataset;
  cacheDir: string;
  sets: string[];
  threads: number;
  microBatches: Record<string, number>;
}

export type ToHost = { type: 'init'; init: GpuHostInit } | { type: 'job'; seq: number; id: string };
export type FromHost =
  | { type: 'done'; seq: number; result: ZooTaskResult }
  | { type: 'failed'; seq: number; error: string }
  | { type: 'log'; line: string }
  | { type: 'event'; seq: number; event: TrainingEvent };

async function start(init: GpuHostInit, send: (m: FromHost) => void): Promise<ZooPool> {
  const scale = getZooScale(init.scale, init.victim);
  const experiment = await loadExperimentData(scale.base, {
    dataDir: init.dataDir,
    partialData: init.partialData,
    dataset: init.dataset,
    seed: init.seed,
    shared: true,
  });
  return threadPool(
    {
      experiment,
      scale: scale.name,
      victim: init.victim,
      seed: init.seed,
      backend: init.backend,
      cacheDir: init.cacheDir,
      sets: init.sets,
      microBatches: init.microBatches,
    },
    init.threads,
    (line) => send({ type: 'log', line }),
  );
}

/** The child process of one GPU: a pool of worker threads that builds the models its parent sends. */
if (process.send) {
  const send = (m: FromHost) => process.send!(m);
  let pool: Promise<ZooPool> | undefined;
  process.on('message', (m: ToHost) => {
    if (m.type === 'init') {
      pool = start(m.init, send);
      return;
    }
    if (pool == null) throw new Error('a job arrived before init');
    pool
      .then((p) => p.run({ id: m.id }, (event) => send({ type: 'event', seq: m.seq, event })))
      .then(
        (result) => send({ type: 'done', seq: m.seq, result }),
        (e: Error) => send({ type: 'failed', seq: m.seq, error: e.message }),
      );
  });
  // The parent ended or let go: stop the workers and leave (models being trained are lost, as on Ctrl-C).
  process.on('disconnect', () => process.exit(0));
}
