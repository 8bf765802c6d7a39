import { METHODS } from '@fpb/fingerprints';
import { SCALE_NAMES } from '@fpb/models';
import { ZOO_SETS } from '@fpb/zoo';
import { z } from 'zod';
import { readJsonDocument } from '../json_document';
import { SbatchSettingsSchema } from '../slurm/sbatch_settings';

/** One experiment = one config file in experiments/: what to build and evaluate, not how fast. */
export const ExperimentConfigSchema = z
  .object({
    name: z.string().regex(/^[\w-]+$/, 'letters, digits, - and _ only (it names the results folder)'),
    description: z.string().default(''),
    dataset: z.enum(['cifar10', 'cifar100']),
    /** Default scale when --scale is not given. */
    scale: z.enum(SCALE_NAMES).default('mini'),
    sets: z
      .array(z.enum(ZOO_SETS as unknown as [string, ...string[]]))
      .min(1)
      .default(['table1']),
    methods: z
      .array(z.string())
      .default(METHODS.map((m) => m.id))
      .refine((ids) => ids.every((id) => METHODS.some((m) => m.id === id)), {
        message: `unknown method; known: ${METHODS.map((m) => m.id).join(', ')}`,
      }),
    seed: z.number().int().default(0),
    /** Query budgets of the query-budget sweep (AUC and TPR@1%FPR against queries); none: no sweep. */
    budgets: z.array(z.number().int().positive()).min(1).optional(),
    /** sbatch options for `--executor slurm` (the command line's --partition, --gpus-per-task, --time win). */
    slurm: SbatchSettingsSchema.optional(),
  })
  .strict();

export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;

/** Reads and validates a config; every problem names the file and the field. */
export function readExperimentConfig(path: string): ExperimentConfig {
  return readJsonDocument(path, ExperimentConfigSchema, 'JSON file');
}
