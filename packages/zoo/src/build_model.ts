import { randomUUID } from 'node:crypto';
import { deepCoreSplit, fiveGroups, generateDataset, makeBatch, regrouped, type ImageDataset } from '@fpb/data';
import {
  getArchitecture,
  matchRate,
  quantizedCopy,
  saveModel,
  topOne,
  trainModel,
  type ModelMetadata,
  type QuantFormat,
  TrainConfigSchema,
  type TrainResult,
} from '@fpb/models';
import type { TrainingEvent } from '@fpb/progress';
import { deriveSeed, tf } from '@fpb/tensor';
import type { ExperimentData } from './experiment_data';
import { relabellingOf } from './recipe';
import { ZooModelRecordSchema, type ZooModelRecord } from './zoo_model_record';
import { adversarialFineTune } from './procedures/adversarial_finetune';
import { extractModel } from './procedures/extraction';
import { finePrune } from './procedures/fine_pruning';
import { victimAnswers } from './procedures/victim_queries';
import { fineTune } from './procedures/finetune';
import { copyBody, transferLearn } from './procedures/transfer';
import { weightNoiseFineTune, weightPruneFineTune } from './procedures/weight_perturbation';
import type { ZooCache } from './zoo_cache';
import type { PlannedModel } from './zoo_plan';

export interface BuildContext {
  experiment: ExperimentData;
  cache: ZooCache;
  /**
   * The victim, its build id and its top-1 answers on the test set (for derived models and for every
   * model's fidelity); absent only while building the victim itself.
   */
  victim?: { model: tf.LayersModel; buildId: string; key: string; testAnswers: Int32Array };
  /** The model this one derives from when that is not the victim (a mirror model), with its build id. */
  parent?: { model: tf.LayersModel; buildId: string };
  onEvent?: (e: TrainingEvent) => void;
  backend: string;
  /** Split each batch into micro-batches of this size (when a step would not fit the backend's memory). */
  microBatchSize?: number;
  /** The model an 'import' recipe stands for (placeImportedVictim hands it over); nothing else builds one. */
  imported?: tf.LayersModel;
}

function knockoffQueries(count: number, numClasses: number, seed: number): ImageDataset {
  const perClass = Math.ceil(count / numClasses);
  return generateDataset({
    numClasses,
    trainPerClass: perClass,
    testPerClass: 0,
    seed: deriveSeed(seed, 'knockoff-queries'),
  }).train;
}

function freshModel(p: PlannedModel, numClasses: number, quantized?: QuantFormat): tf.LayersModel {
  const { architecture, seed, width, padding } = p.recipe;
  return getArchitecture(architecture).build({ numClasses, seed, width, padding, quantized });
}

/** How many of X_p's images calibrate an int8 copy's activation ranges (the first ones of X_p). */
const CALIBRATION_IMAGES = 512;

/**
 * The train and test sets in the labels the recipe's model answers: the dataset's own, or their
 * five-label regrouping (transfer learning, and the homologous models of that task).
 */
function labelSpaceOf(p: PlannedModel, data: ExperimentData['data']): LabelSpace {
  if (!relabellingOf(p.recipe.procedure)) return { train: data.train, test: data.test, groupOf: undefined };
  const grouping = fiveGroups(data.train.numClasses);
  return { train: regrouped(data.train, grouping), test: regrouped(data.test, grouping), groupOf: grouping.groupOf };
}

type LabelSpace = { train: ImageDataset; test: ImageDataset; groupOf: number[] | undefined };

/** What a procedure made: the model, its training result, and what it trained on. */
interface ProcedureOutcome {
  model: tf.LayersModel;
  result: TrainResult;
  subset: string;
  trainImages: number;
  details: Record<string, unknown>;
}

/** Makes the recipe's model by its procedure: one case per kind of procedure, checked exhaustive by the compiler. */
async function runProcedure(
  p: PlannedModel,
  ctx: BuildContext,
  source: tf.LayersModel | undefined,
  data: LabelSpace,
): Promise<ProcedureOutcome> {
  const { data: original, split } = ctx.experiment;
  const { recipe } = p;
  const proc = recipe.procedure;
  const numClasses = data.train.numClasses;
  // The micro-batch is how this machine runs the recipe, not part of it (nor of the cache key).
  const train = { ...recipe.train, seed: recipe.seed, microBatchSize: ctx.microBatchSize };
  const fresh = () => freshModel(p, numClasses);
  // Post-processing starts from the stolen (or mirrored) copy and trains on X_p.
  const copy = () => {
    const model = fresh();
    model.setWeights(source!.getWeights());
    return model;
  };
  // Placed or converted, not trained: the recipe's training settings, no epochs.
  const untrained = (): TrainResult => ({ config: TrainConfigSchema.parse(recipe.train), epochs: [], seconds: 0 });
  const onX_p = (model: tf.LayersModel, result: TrainResult, details: Record<string, unknown> = {}) => ({
    model,
    result,
    subset: 'X_p',
    trainImages: split.adversary.length,
    details,
  });
  switch (proc.kind) {
    case 'import': {
      if (!ctx.imported)
        throw new Error(
          `${recipe.id} is imported (file sha256 ${proc.sha256.slice(0, 12)}...), not built: run the command again with its --victim`,
        );
      return {
        model: ctx.imported,
        result: untrained(),
        subset: 'imported',
        trainImages: 0,
        details: {},
      };
    }
    case 'train': {
      const indices =
        proc.data === 'X_v'
          ? split.victim
          : proc.overlap === 0
            ? split.homologous
            : deepCoreSplit(original.train.labels, original.train.numClasses, {
                overlap: proc.overlap,
                seed: ctx.experiment.seed,
              }).homologous;
      const model = fresh();
      const result = await trainModel(model, data.train, train, { indices, onEvent: ctx.onEvent });
      return { model, result, subset: proc.data, trainImages: indices.length, details: {} };
    }
    case 'extract': {
      const model = fresh();
      // Knockoff queries: as many generated (non-CIFAR) images as X_p holds.
      const knockoff = proc.queries === 'generated';
      const queries = knockoff ? knockoffQueries(split.adversary.length, numClasses, recipe.seed) : data.train;
      const queryIndices = knockoff ? Array.from({ length: queries.labels.length }, (_, i) => i) : split.adversary;
      const answers = { kind: proc.answers, temperature: proc.temperature };
      const result = await extractModel(model, source!, queries, queryIndices, answers, train, ctx.onEvent);
      const subset = knockoff ? 'generated queries (answers only)' : 'X_p (answers only)';
      return { model, result, subset, trainImages: queryIndices.length, details: {} };
    }
    case 'transfer': {
      const model = fresh();
      copyBody(source!, model);
      const head = { epochs: proc.headEpochs, learningRate: proc.headLearningRate };
      return onX_p(model, await transferLearn(model, data.train, split.adversary, head, train), {
        classes: data.train.classNames,
      });
    }
    case 'finetune': {
      const model = copy();
      return onX_p(model, await fineTune(model, data.train, split.adversary, proc.layers, train));
    }
    case 'fineprune': {
      const model = copy();
      const pruned = await finePrune(model, data.train, split.adversary, proc.ratio, train);
      return onX_p(model, pruned.result, { prunedLayer: pruned.layer, prunedChannels: pruned.pruned });
    }
    case 'weightprune': {
      const model = copy();
      return onX_p(model, await weightPruneFineTune(model, data.train, split.adversary, proc.ratio, train));
    }
    case 'quantize': {
      const calibration = split.adversary.slice(0, CALIBRATION_IMAGES);
      const x = tf.tensor4d(makeBatch(data.train, calibration).x, [calibration.length, 32, 32, 3]);
      const model = quantizedCopy(source!, freshModel(p, numClasses, proc.format), proc.format, x);
      x.dispose();
      const int8 = proc.format === 'int8';
      return {
        model,
        result: untrained(),
        subset: int8 ? 'X_p (activation calibration only)' : 'none',
        trainImages: 0,
        details: { format: proc.format, calibrationImages: int8 ? calibration.length : 0 },
      };
    }
    case 'weightnoise': {
      const model = copy();
      const result = await weightNoiseFineTune(model, data.train, split.adversary, proc.scale, recipe.seed, train);
      return onX_p(model, result);
    }
    case 'adversarial': {
      const model = copy();
      const pgd = { eps: proc.eps, steps: proc.steps, seed: recipe.seed };
      // An extracted student never reads X_p's labels: the victim labels its training images.
      const teacher = proc.labels === 'victim' ? victimAnswers(ctx.victim!.model, 'labels') : undefined;
      const result = await adversarialFineTune(model, data.train, split.adversary, pgd, proc.ratio, train, teacher);
      return onX_p(model, result);
    }
  }
}

/** Trains one model of the zoo from its recipe, evaluates it, and saves it under its cache key. */
export async function buildModel(p: PlannedModel, ctx: BuildContext): Promise<ModelMetadata> {
  const { data } = ctx.experiment;
  const { recipe } = p;
  // The model to copy or to query: the recipe's parent, which is the victim unless it is a mirror.
  const source = recipe.parent === undefined ? undefined : recipe.parent === 'victim' ? ctx.victim : ctx.parent;
  if (recipe.parent !== undefined && !source)
    throw new Error(`${recipe.id} derives from ${recipe.parent}, which was not loaded`);
  if (recipe.role !== 'victim' && !ctx.victim)
    throw new Error(`${recipe.id} needs the victim (to derive from or to measure fidelity), which is not built yet`);
  const space = labelSpaceOf(p, data);
  const { test, groupOf } = space;
  const numClasses = test.numClasses;
  const started = Date.now();
  const { model, result, subset, trainImages, details } = await runProcedure(p, ctx, source?.model, space);
  const trainSeconds = (Date.now() - started) / 1000;
  // One pass over the test set gives both figures; the victim's answers are computed once per worker.
  // A regrouped model is measured in its own labels: against the victim's answers regrouped alike.
  const answers = topOne(model, test);
  const testAccuracy = matchRate(answers, test.labels);
  const reference = groupOf ? ctx.victim!.testAnswers.map((c) => groupOf[c]) : ctx.victim?.testAnswers;
  const fidelity = recipe.role === 'victim' ? 1 : matchRate(answers, reference!);
  const metadata = await saveModel(
    model,
    ctx.cache.dirOf(p),
    {
      architecture: recipe.architecture,
      width: recipe.width,
      numClasses,
      seed: recipe.seed,
      parents: p.parentKey ? [p.parentKey] : [],
      accuracy: testAccuracy,
      timings: { trainSeconds, totalSeconds: (Date.now() - started) / 1000 },
      extra: {
        ...details,
        id: recipe.id,
        family: recipe.family,
        role: recipe.role,
        key: p.key,
        buildId: randomUUID(),
        parentBuildId: source?.buildId,
        fidelity,
        subset,
        trainImages,
        testImages: data.test.labels.length,
        procedure: recipe.procedure,
        trainConfig: result.config,
        data: ctx.experiment.identity,
        backend: ctx.backend,
      } satisfies ZooModelRecord,
    },
    // Another run that saved this model first from the same parent build made the same model: keep it.
    (existing) => {
      const r = ZooModelRecordSchema.safeParse(existing.extra);
      return r.success && r.data.key === p.key && r.data.parentBuildId === source?.buildId;
    },
  );
  model.dispose();
  return metadata;
}
