import { z } from 'zod';

/** Hyper-parameters of one training run; validated so that a malformed config fails early and clearly. */
export const TrainConfigSchema = z.object({
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive().default(64),
  optimizer: z.enum(['sgd', 'adam']).default('sgd'),
  learningRate: z.number().positive(),
  /** SGD only. */
  momentum: z.number().min(0).max(1).default(0.9),
  /** Decoupled from the loss: w <- w - lr * (grad + weightDecay * w), for conv and dense kernels. */
  weightDecay: z.number().min(0).default(5e-4),
  schedule: z.enum(['cosine', 'step', 'constant']).default('cosine'),
  /** step schedule: multiply by stepGamma every stepEvery epochs. */
  stepEvery: z.number().int().positive().default(30),
  stepGamma: z.number().positive().default(0.1),
  /** Linear warm-up length in epochs (fractions allowed). */
  warmupEpochs: z.number().min(0).default(0),
  labelSmoothing: z.number().min(0).max(1).default(0),
  augment: z.boolean().default(true),
  /**
   * Split each batch into micro-batches of at most this many images and sum their gradients before
   * the one optimiser step, so a batch that does not fit a backend's memory still runs. The gradients
   * are those of the whole batch, except that batch-norm statistics are each micro-batch's own. Not
   * part of a model's recipe: it is how a machine runs it, recorded in the model's metadata.
   */
  microBatchSize: z.number().int().positive().optional(),
  seed: z.number().int().default(0),
});

export type TrainConfig = z.infer<typeof TrainConfigSchema>;
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;
