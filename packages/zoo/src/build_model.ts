import { randomUUID } from 'node:crypto';
import { deepCoreSplit, generateDataset, type ImageDataset } from '@fpb/data';
import {
  getArchitecture,
  matchRate,
  saveModel,
  topOne,
  trainModel,
  type ModelMetadata,
  type TrainResult,
  type TrainingEvent,
} from '@fpb/models';
import { deriveSeed, tf } from '@fpb/tensor';
import type { ExperimentData } from './experiment_data';
import { adversarialFineTune } from './procedures/adversarial_finetune';
import { extractModel } from './procedures/extraction';
import { finePrune } from './procedures/fine_pruning';
import { fineTune } from './procedures/finetune';
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

function freshModel(p: PlannedModel, numClasses: number): tf.LayersModel {
  return getArchitecture(p.recipe.architecture).build({ numClasses, seed: p.recipe.seed, width: p.recipe.width });
}

/** Trains one model of the zoo from its recipe, evaluates it, and saves it under its cache key. */
export async function buildModel(p: PlannedModel, ctx: BuildContext): Promise<ModelMetadata> {
  const { data, split } = ctx.experiment;
  const { recipe } = p;
  const proc = recipe.procedure;
  // The model to copy or to query: the recipe's parent, which is the victim unless it is a mirror.
  const source = recipe.parent === undefined ? undefined : recipe.parent === 'victim' ? ctx.victim : ctx.parent;
  if (recipe.parent !== undefined && !source)
    throw new Error(`${recipe.id} derives from ${recipe.parent}, which was not loaded`);
  if (recipe.role !== 'victim' && !ctx.victim)
    throw new Error(`${recipe.id} needs the victim (to derive from or to measure fidelity), which is not built yet`);
  const numClasses = data.train.numClasses;
  const onEvent = ctx.onEvent;
  const started = Date.now();
  let model: tf.LayersModel;
  let result: TrainResult;
  let subset: string;
  let trainImages = split.adversary.length;
  let details: Record<string, unknown> = {};
  if (proc.kind === 'train') {
    const indices =
      proc.data === 'X_v'
        ? split.victim
        : proc.overlap === 0
          ? split.homologous
          : deepCoreSplit(data.train.labels, numClasses, { overlap: proc.overlap, seed: ctx.experiment.seed })
              .homologous;
    model = freshModel(p, numClasses);
    result = await trainModel(model, data.train, { ...recipe.train, seed: recipe.seed }, { indices, onEvent });
    subset = proc.data;
    trainImages = indices.length;
  } else if (proc.kind === 'extract') {
    model = freshModel(p, numClasses);
    // Knockoff queries: as many generated (non-CIFAR) images as X_p holds.
    const queries =
      proc.queries === 'generated' ? knockoffQueries(split.adversary.length, numClasses, recipe.seed) : data.train;
    const queryIndices =
      proc.queries === 'generated' ? Array.from({ length: queries.labels.length }, (_, i) => i) : split.adversary;
    result = await extractModel(
      model,
      source!.model,
      queries,
      queryIndices,
      { kind: proc.answers, temperature: proc.temperature },
      { ...recipe.train, seed: recipe.seed },
      onEvent,
    );
    subset = proc.queries === 'generated' ? 'generated queries (answers only)' : 'X_p (answers only)';
    trainImages = queryIndices.length;
  } else {
    model = freshModel(p, numClasses);
    model.setWeights(source!.model.getWeights()); // the stolen (or mirrored) copy
    const train = { ...recipe.train, seed: recipe.seed };
    subset = 'X_p';
    if (proc.kind === 'finetune') result = await fineTune(model, data.train, split.adversary, proc.layers, train);
    else if (proc.kind === 'fineprune') {
      const pruned = await finePrune(model, data.train, split.adversary, proc.ratio, train);
      result = pruned.result;
      details = { prunedLayer: pruned.layer, prunedChannels: pruned.pruned };
    } else if (proc.kind === 'weightprune')
      result = await weightPruneFineTune(model, data.train, split.adversary, proc.ratio, train);
    else if (proc.kind === 'weightnoise')
      result = await weightNoiseFineTune(model, data.train, split.adversary, proc.scale, recipe.seed, train);
    else
      result = await adversarialFineTune(
        model,
        data.train,
        split.adversary,
        { eps: proc.eps, steps: proc.steps, seed: recipe.seed },
        proc.ratio,
        train,
      );
  }
  const trainSeconds = (Date.now() - started) / 1000;
  // One pass over the test set gives both figures; the victim's answers are computed once per worker.
  const answers = topOne(model, data.test);
  const testAccuracy = matchRate(answers, data.test.labels);
  const fidelity = recipe.role === 'victim' ? 1 : matchRate(answers, ctx.victim!.testAnswers);
  const metadata = await saveModel(model, ctx.cache.dirOf(p), {
    architecture: recipe.architecture,
    width: recipe.width,
    numClasses,
    seed: recipe.seed,
    parents: p.parentKey ? [p.parentKey] : [],
    accuracy: testAccuracy,
    timings: { trainSeconds, totalSeconds: (Date.now() - started) / 1000 },
    extra: {
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
      ...details,
    },
  });
  model.dispose();
  return metadata;
}
