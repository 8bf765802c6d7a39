import { generateDataset, type DeepCoreSplit } from '@fpb/data';
import {
  getArchitecture,
  stepMemoryOf,
  theoreticalStepBytes,
  TrainConfigSchema,
  trainModel,
  type StepMemory,
} from '@fpb/models';
import { backendMemoryLimit } from '@fpb/tensor';
import type { ModelRecipe } from '@fpb/zoo';

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** One shape of training step that a run will take: an architecture at a width and a batch size. */
interface StepShape {
  architecture: string;
  width: number;
  batch: number;
}

const shapeOf = (r: ModelRecipe): StepShape => ({
  architecture: r.architecture,
  width: r.width,
  batch: TrainConfigSchema.parse(r.train).batchSize, // the schema holds the default
});
const shapeKey = (s: StepShape) => `${s.architecture} w${s.width}, batch ${s.batch}`;

export class TrainingDoesNotFitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingDoesNotFitError';
  }
}

/**
 * The micro-batch a step needs on a backend with a memory limit: the batch itself when the step
 * fits, else the batch halved until it fits; undefined when not even one image fits.
 */
export function microBatchFor(memory: StepMemory, batch: number, limit: { bytes: number; overTheory: number }) {
  const need = (b: number) => theoreticalStepBytes(memory, b) * limit.overTheory;
  let micro = batch;
  while (micro > 1 && need(micro) > limit.bytes) micro = Math.ceil(micro / 2);
  return need(micro) <= limit.bytes ? { micro, need: need(batch), needMicro: need(micro) } : undefined;
}

export interface MemoryPlan {
  /** Micro-batch sizes of the models that need them, by recipe id. */
  microBatches: Record<string, number>;
  /** The largest step any model takes, in bytes (estimated high-water mark per worker). */
  peakBytes: number;
  lines: string[];
}

/**
 * Checks, before any data is read or model trained, that every model's training step fits the
 * backend's memory: a step that does not is split into micro-batches (said in one line per shape),
 * or, with `microBatches` off or when not even one image fits, the run stops with one line naming
 * the model, batch, backend and the options.
 */
export function planMemory(
  recipes: readonly ModelRecipe[],
  numClasses: number,
  backend: string,
  options: { microBatches: boolean },
): MemoryPlan {
  const limit = backendMemoryLimit(backend);
  const plan: MemoryPlan = { microBatches: {}, peakBytes: 0, lines: [] };
  const seen = new Map<string, { micro: number; bytes: number }>();
  for (const r of recipes) {
    const shape = shapeOf(r);
    const key = shapeKey(shape);
    let decided = seen.get(key);
    if (!decided) {
      const model = getArchitecture(shape.architecture).build({ numClasses, seed: 0, width: shape.width });
      const memory = stepMemoryOf(model);
      model.dispose();
      const theory = theoreticalStepBytes(memory, shape.batch);
      if (!limit) decided = { micro: shape.batch, bytes: theory };
      else {
        const fit = microBatchFor(memory, shape.batch, limit);
        const over = `${r.id} (${key}) needs ~${gib(theory * limit.overTheory)} per training step on ${backend}, over its ${gib(limit.bytes)}`;
        if (!fit)
          throw new TrainingDoesNotFitError(
            `${over}, even in micro-batches of one image: use a backend with more memory (--backend tensorflow or webgpu on a GPU machine)`,
          );
        if (fit.micro < shape.batch && !options.microBatches)
          throw new TrainingDoesNotFitError(
            `${over}: allow micro-batches (drop --no-micro-batches; it would use ${fit.micro}) or use another backend`,
          );
        if (fit.micro < shape.batch)
          plan.lines.push(
            `${key} on ${backend}: ${gib(fit.need)} per step is over the ${gib(limit.bytes)} heap: micro-batches of ${fit.micro} (~${gib(fit.needMicro)})`,
          );
        decided = { micro: fit.micro, bytes: fit.needMicro };
      }
      seen.set(key, decided);
    }
    if (decided.micro < shape.batch) plan.microBatches[r.id] = decided.micro;
    plan.peakBytes = Math.max(plan.peakBytes, decided.bytes);
  }
  return plan;
}

/**
 * Seconds per training image of each architecture in `recipes`, measured on this backend: one
 * warm-up step, then two timed steps of its (micro-)batch on generated images.
 */
export async function measureSecondsPerImage(
  recipes: readonly ModelRecipe[],
  numClasses: number,
  microBatches: Record<string, number>,
): Promise<Map<string, number>> {
  const perShape = new Map<string, number>();
  for (const r of recipes) {
    const shape = shapeOf(r);
    const key = shapeKey(shape);
    if (perShape.has(key)) continue;
    const model = getArchitecture(shape.architecture).build({ numClasses, seed: 0, width: shape.width });
    const data = generateDataset({
      numClasses,
      trainPerClass: Math.ceil((3 * shape.batch) / numClasses),
      testPerClass: 1,
    });
    const indices = Array.from({ length: 3 * shape.batch }, (_, i) => i);
    const config = { epochs: 1, batchSize: shape.batch, learningRate: 0.01, microBatchSize: microBatches[r.id] };
    const times: number[] = [];
    await trainModel(model, data.train, config, {
      indices,
      onEvent: (e) => e.kind === 'step' && times.push(Date.now()),
    });
    model.dispose();
    perShape.set(key, (times[2] - times[0]) / 1000 / (2 * shape.batch));
  }
  return new Map(recipes.map((r) => [r.id, perShape.get(shapeKey(shapeOf(r)))!]));
}

/** How many images one epoch of a recipe trains on: X_v, X_h, or X_p (and as many knockoff queries). */
export function trainingImages(r: ModelRecipe, split: DeepCoreSplit): number {
  const p = r.procedure;
  switch (p.kind) {
    case 'train':
      return p.data === 'X_v' ? split.victim.length : split.homologous.length;
    case 'import':
    case 'quantize':
      return 0; // placed or converted, never trained
    case 'finetune':
    case 'transfer':
    case 'fineprune':
    case 'adversarial':
    case 'weightprune':
    case 'weightnoise':
    case 'extract':
      return split.adversary.length;
  }
}

/** How many epochs a recipe trains in all: its config's, and transfer learning's head epochs before them. */
export function trainingEpochs(r: ModelRecipe): number {
  return r.train.epochs + (r.procedure.kind === 'transfer' ? r.procedure.headEpochs : 0);
}

/** The line a run prints before training: models, peak memory per worker, and the time it will take. */
export function planLine(
  models: ReadonlyArray<{ recipe: ModelRecipe; images: number }>,
  secondsPerImage: Map<string, number>,
  memory: MemoryPlan,
  backend: string,
  workers: number,
): string {
  const seconds = models.map((m) => secondsPerImage.get(m.recipe.id)! * m.images * trainingEpochs(m.recipe));
  const total = seconds.reduce((a, b) => a + b, 0);
  const hours = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`);
  return (
    `plan: ${models.length} model(s) on ${backend}, ${workers} worker(s): peak ~${gib(memory.peakBytes)} per worker; ` +
    `~${hours(total / Math.max(1, models.length))} per model, ~${hours(total / Math.max(1, workers))} in all ` +
    `(measured warm-up steps; PGD and extraction take longer than plain training)`
  );
}
