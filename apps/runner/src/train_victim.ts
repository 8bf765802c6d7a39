import { join } from 'node:path';
import { initBackend, tf, type BackendChoice } from '@fpb/tensor';
import { accuracy, getArchitecture, saveModel, trainingProgressBar, trainModel, type ModelMetadata, type TrainingEvent, type ScaleSpec } from '@fpb/models';
import { loadExperimentData } from '@fpb/zoo';

export interface TrainVictimOptions {
  scale: ScaleSpec;
  backend: BackendChoice;
  dataDir?: string;
  seed: number;
  out: string;
  epochs?: number;
  progress: boolean;
  log: (line: string) => void;
}

/** Trains the victim of a scale on X_v, evaluates it on the test set and saves it with its metadata. */
export async function trainVictim(o: TrainVictimOptions): Promise<{ dir: string; metadata: ModelMetadata }> {
  const { backend } = await initBackend(o.backend, o.log);
  const { data, split, source } = await loadExperimentData(o.scale, { dataDir: o.dataDir, seed: o.seed, log: o.log });
  const spec = o.scale.victim;
  const train = { ...spec.train, seed: o.seed, ...(o.epochs ? { epochs: o.epochs } : {}) };
  o.log(`victim: ${spec.architecture} width ${spec.width} on X_v = ${split.victim.length} of ${data.train.labels.length} training images, ${train.epochs} epochs`);
  const model = getArchitecture(spec.architecture).build({ numClasses: data.train.numClasses, seed: o.seed, width: spec.width });
  // A bar on a terminal; one line per epoch in logs and CI.
  const bar = o.progress ? trainingProgressBar('victim') : undefined;
  const onEvent = bar ?? ((e: TrainingEvent) => {
    if (e.kind === 'epoch') o.log(`epoch ${e.epoch + 1}/${e.epochs}: loss ${e.loss.toFixed(3)}, train accuracy ${(100 * e.accuracy).toFixed(1)}%, ${e.seconds.toFixed(0)} s`);
  });
  const result = await trainModel(model, data.train, train, { indices: split.victim, onEvent });
  bar?.stop();
  const started = Date.now();
  const testAccuracy = accuracy(model, data.test);
  const dir = join(o.out, 'victim');
  const metadata = await saveModel(model, dir, {
    architecture: spec.architecture,
    width: spec.width,
    numClasses: data.train.numClasses,
    seed: o.seed,
    parents: [],
    accuracy: testAccuracy,
    timings: { trainSeconds: result.seconds, evalSeconds: (Date.now() - started) / 1000 },
    extra: {
      role: 'victim',
      scale: o.scale.name,
      backend,
      dataset: data.name,
      dataSource: source,
      subset: 'X_v',
      trainImages: split.victim.length,
      testImages: data.test.labels.length,
      trainConfig: result.config,
      finalTrainLoss: result.epochs.at(-1)?.loss,
      finalTrainAccuracy: result.epochs.at(-1)?.accuracy,
      tfjs: tf.version_core,
    },
  });
  o.log(`victim test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${data.test.labels.length} test images; trained in ${result.seconds.toFixed(0)} s; saved to ${dir}`);
  return { dir, metadata };
}
