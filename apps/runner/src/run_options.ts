import { parseBackendChoice } from '@fpb/tensor';
import { z } from 'zod';

/**
 * What a command line asks for, parsed once: commander reads the words, these schemas give the
 * runner typed options (lists split, the backend resolved) that go down unchanged.
 */
const optionalText = z.string().optional();
const optionalFlag = z.boolean().optional();
const optionalCount = z.number().int().positive().optional();
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** --backend wins over FPB_BACKEND; errors name whichever was given. */
const backend = z
  .string()
  .optional()
  .transform((v) => parseBackendChoice(v ?? process.env.FPB_BACKEND, v ? '--backend' : 'FPB_BACKEND'));

/** Every command that reads data and starts a backend. */
const dataOptions = z.object({
  backend,
  dataDir: optionalText,
  partialData: optionalFlag,
  cacheDir: optionalText,
});

/** Commands run at one scale and seed (commander gives their defaults). */
const scaledOptions = dataOptions.extend({ scale: z.string(), seed: z.number().int() });

/** How the zoo's models are spread over workers. */
const workerOptions = { workers: optionalCount, gpus: optionalCount, workersPerGpu: optionalCount };

/** Commands that train models. */
const microBatches = { microBatches: optionalFlag };

export const TrainVictimCommand = scaledOptions.extend({
  ...microBatches,
  epochs: optionalCount,
  progress: z.boolean(),
});

/** Commands that can work around a victim made elsewhere instead of the scale's own. */
const victimOption = { victim: optionalText };

export const ZooCommand = scaledOptions.extend({
  ...victimOption,
  ...workerOptions,
  ...microBatches,
  resultsDir: optionalText,
  sets: list,
  models: list.optional(),
  reportOnly: optionalFlag,
});

export const FingerprintsCommand = scaledOptions.extend({
  ...victimOption,
  resultsDir: optionalText,
  methods: list.optional(),
});

export const FingerprintFileCommand = scaledOptions.extend({
  ...victimOption,
  resultsDir: optionalText,
  method: z.string(),
  out: z.string(),
  identification: optionalText,
});

export const VerifyCommand = z.object({ backend, suspect: z.string() });

export const ImportCommand = z.object({
  backend,
  name: z.string(),
  architecture: optionalText,
  width: optionalCount,
  padding: z.enum(['same', 'symmetric']).optional(),
  classes: z.number().int().positive(),
  importsDir: optionalText,
});

export const ExportCommand = z.object({ backend, out: z.string().regex(/\.onnx$/, 'an .onnx file') });

export const ExperimentCommand = dataOptions
  .extend({
    ...workerOptions,
    ...microBatches,
    scale: optionalText,
    resultsDir: optionalText,
    cachedOnly: optionalFlag,
    executor: z.enum(['local', 'slurm']).default('local'),
    partition: optionalText,
    gpusPerTask: optionalCount,
    time: optionalText,
  })
  .refine((o) => !(o.executor === 'slurm' && o.cachedOnly), {
    path: ['executor'],
    message: 'slurm builds what is missing, --cached-only builds nothing: give one of them',
  })
  .refine((o) => o.executor === 'slurm' || [o.partition, o.gpusPerTask, o.time].every((v) => v === undefined), {
    path: ['executor'],
    message: '--partition, --gpus-per-task and --time are sbatch options: add --executor slurm',
  });

export const TaskCommand = z.object({ index: z.number().int().nonnegative().optional() });

/** Parses commander's options with a command's schema; a problem names the option. */
export function parseRunOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${flagOf(String(i.path[0] ?? ''))}: ${i.message}`).join('; '));
  return parsed.data;
}

/** An option's key as its flag: workersPerGpu -> --workers-per-gpu. */
const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
