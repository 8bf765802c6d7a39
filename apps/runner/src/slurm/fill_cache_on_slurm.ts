import { join } from 'node:path';
import { getZooScale, zooCacheDir } from '@fpb/zoo';
import { fingerprintsToBuild } from '../fingerprints/run_fingerprints';
import { missingModelWaves } from '../zoo/run_zoo';
import type { TaskSettings } from './cluster_task';
import type { SbatchSettings } from './sbatch_settings';
import { runSlurmStage } from './slurm_stage';

export interface SlurmFill {
  settings: Omit<TaskSettings, 'cacheDir'> & { cacheDir?: string };
  /** The experiment's methods, whose fingerprints are built once the zoo is. */
  methods: string[];
  sbatch: SbatchSettings;
  log: (line: string) => void;
  pollMs?: number;
}

/**
 * Fills the zoo cache through Slurm: one job array per wave of missing models (the victim, then what
 * derives from it, then a mirror's children), then one of missing fingerprints. Every task reads and
 * writes the same content-addressed cache under its locks, so the local run that follows finds
 * everything built and writes the tables a local build would have.
 */
export async function fillCacheOnSlurm(f: SlurmFill): Promise<void> {
  const scale = getZooScale(f.settings.scale);
  const settings: TaskSettings = { ...f.settings, cacheDir: zooCacheDir(scale.name, f.settings.cacheDir) };
  const stage = { jobsDir: join(settings.cacheDir, 'slurm'), settings, sbatch: f.sbatch, log: f.log, pollMs: f.pollMs };
  const waves = await missingModelWaves({ ...settings, log: f.log });
  f.log(`slurm: ${waves.flat().length} models to build in ${waves.length} wave(s)`);
  for (const [k, ids] of waves.entries())
    await runSlurmStage({ name: `zoo-${k + 1}`, tasks: ids.map((id) => ({ kind: 'model', id })) }, stage);
  const methods = await fingerprintsToBuild({ ...settings, methods: f.methods, log: f.log });
  f.log(`slurm: ${methods.length} fingerprints to build`);
  if (methods.length > 0)
    await runSlurmStage(
      { name: 'fingerprints', tasks: methods.map((method) => ({ kind: 'fingerprint', method })) },
      stage,
    );
}
