import { SbatchSettingsSchema, type SbatchSettings } from '../slurm/sbatch_settings';
import type { ExperimentConfig } from './experiment_config';

/** Where an experiment's models and fingerprints are built: here, or as Slurm job arrays. */
export type Executor = { kind: 'local' } | { kind: 'slurm'; sbatch: SbatchSettings; pollMs?: number };

/** The executor the command line asks for, the config's sbatch options under the flags'. */
export function executorFor(
  flags: { executor: 'local' | 'slurm'; partition?: string; gpusPerTask?: number; time?: string },
  config: ExperimentConfig,
): Executor {
  if (flags.executor === 'local') return { kind: 'local' };
  const given = Object.fromEntries(
    Object.entries({ partition: flags.partition, gpusPerTask: flags.gpusPerTask, time: flags.time }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const parsed = SbatchSettingsSchema.safeParse({ ...config.slurm, ...given });
  if (!parsed.success)
    throw new Error(
      `${config.name}: sbatch options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { kind: 'slurm', sbatch: parsed.data };
}
