import { z } from 'zod';

/**
 * How each task of a job array asks Slurm for resources: from the experiment config's `slurm` object,
 * with the command line's --partition, --gpus-per-task and --time over it. Nothing here changes results.
 */
export const SbatchSettingsSchema = z
  .object({
    partition: z.string().min(1).optional(),
    /** GPUs per task (`--gpus-per-task`); run the tasks with `--backend torch --device cuda` to use them. */
    gpusPerTask: z.number().int().positive().optional(),
    /** CPU cores per task (default 1: one model or fingerprint per core, as the local pool runs them). */
    cpusPerTask: z.number().int().positive().default(1),
    /** Wall-clock limit per task, in Slurm's format (e.g. 2:00:00). */
    time: z
      .string()
      .regex(/^(\d+-)?\d+(:\d+){0,2}$/, 'a Slurm time such as 30, 2:00:00 or 1-00:00:00')
      .optional(),
    /** At most this many tasks of one array at once (`--array=0-N%max`). */
    maxParallel: z.number().int().positive().optional(),
    /** Any other sbatch option, one per item, e.g. "--account=proj42" or "--qos=short". */
    extraArgs: z.array(z.string().regex(/^--[\w-]+(=.*)?$/, 'an sbatch option such as --account=proj42')).default([]),
  })
  .strict();

export type SbatchSettings = z.output<typeof SbatchSettingsSchema>;

/** sbatch's options for one job array of `count` tasks whose logs go to `logPattern`. */
export function sbatchArguments(s: SbatchSettings, job: { name: string; count: number; logPattern: string }): string[] {
  const array = `0-${job.count - 1}${s.maxParallel ? `%${s.maxParallel}` : ''}`;
  return [
    '--parsable',
    `--job-name=${job.name}`,
    `--array=${array}`,
    `--output=${job.logPattern}`,
    `--cpus-per-task=${s.cpusPerTask}`,
    ...(s.partition ? [`--partition=${s.partition}`] : []),
    ...(s.gpusPerTask ? [`--gpus-per-task=${s.gpusPerTask}`] : []),
    ...(s.time ? [`--time=${s.time}`] : []),
    ...s.extraArgs,
  ];
}
