import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withFolderLock, writeFileAtomically } from '@fpb/files';
import { initBackend, parseBackendChoice } from '@fpb/tensor';
import {
  buildPlanned,
  classCount,
  familiesOf,
  getZooScale,
  loadExperimentData,
  needsBuild,
  planZoo,
  ZOO_SETS,
  ZooCache,
  type ZooSet,
} from '@fpb/zoo';
import { z } from 'zod';
import { buildFingerprints } from '../fingerprints/run_fingerprints';
import { planMemory } from '../training_plan';
import { modelLockPath } from '../zoo/run_zoo';
import { readJsonDocument } from '../json_document';
import { jobEnded } from './slurm_commands';

/** One unit of scheduled work: a zoo model, or one method's fingerprint of the victim. */
export const ClusterTaskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('model'), id: z.string() }),
  z.object({ kind: z.literal('fingerprint'), method: z.string() }),
]);
export type ClusterTask = z.infer<typeof ClusterTaskSchema>;

/** What every task of one job needs to find the same zoo and cache as the run that submitted it. */
export const TaskSettingsSchema = z
  .object({
    scale: z.string(),
    seed: z.number().int(),
    backend: z.string().transform((v) => parseBackendChoice(v, 'the task file')),
    /** The scale's zoo folder, absolute: it must be on a filesystem every node sees. */
    cacheDir: z.string(),
    dataDir: z.string().optional(),
    partialData: z.boolean().optional(),
    dataset: z.enum(['cifar10', 'cifar100']).optional(),
    sets: z.array(z.enum(ZOO_SETS as unknown as [ZooSet, ...ZooSet[]])),
    microBatches: z.boolean().optional(),
  })
  .strict();
export type TaskSettings = z.output<typeof TaskSettingsSchema>;

export const TaskFileSchema = z.object({
  format: z.literal(1),
  settings: TaskSettingsSchema,
  tasks: z.array(ClusterTaskSchema).min(1),
});
export type TaskFile = z.input<typeof TaskFileSchema>;

/** How a task ended, written by the task itself: a task with no status file did not end on its own. */
export const TaskStatusSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), seconds: z.number() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const taskStatusPath = (stageDir: string, index: number) => join(stageDir, 'status', `${index}.json`);

export function readTaskStatus(stageDir: string, index: number): TaskStatus | undefined {
  const path = taskStatusPath(stageDir, index);
  if (!existsSync(path)) return undefined;
  const parsed = TaskStatusSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : { ok: false, error: `unreadable status file ${path}` };
}

export const taskLabel = (t: ClusterTask) => (t.kind === 'model' ? t.id : `fingerprint ${t.method}`);

/** Builds one model under the zoo's lock for it, unless another run built it meanwhile. */
async function buildModelTask(s: TaskSettings, id: string, log: (line: string) => void): Promise<void> {
  const { backend } = await initBackend(s.backend, log);
  const scale = getZooScale(s.scale);
  const { dataDir, partialData, dataset, seed } = s;
  const experiment = await loadExperimentData(scale.base, { dataDir, partialData, dataset, seed, log });
  const plan = planZoo(scale, seed, experiment.identity, familiesOf(s.sets));
  const planned = plan.find((p) => p.recipe.id === id);
  if (!planned) throw new Error(`no model '${id}' in the ${scale.name} zoo of sets ${s.sets.join(', ')}`);
  const cache = new ZooCache(s.cacheDir);
  const memory = planMemory([planned.recipe], classCount(dataset), backend, { microBatches: s.microBatches ?? true });
  await withFolderLock(
    modelLockPath(s.cacheDir, cache, planned),
    async () => {
      if (!needsBuild(plan, id, cache)) return log(`${id} was built by another run meanwhile: reused`);
      const meta = await buildPlanned(plan, id, cache, experiment, backend, undefined, memory.microBatches[id]);
      log(`${id} built: accuracy ${(100 * (meta.accuracy ?? NaN)).toFixed(1)}%`);
    },
    {
      jobEnded,
      onWait: (h) =>
        log(`${id}: ${h?.job ? `job ${h.job}` : `pid ${h?.pid ?? '?'}`} on ${h?.host ?? '?'} is building it; waiting`),
    },
  );
}

/** Runs task `index` of a task file and records how it ended beside the file; the error is rethrown. */
export async function runClusterTask(file: string, index: number, log: (line: string) => void): Promise<void> {
  const { settings, tasks } = readJsonDocument(file, TaskFileSchema, 'task file');
  const task = tasks[index];
  if (task === undefined) throw new Error(`${file} has tasks 0-${tasks.length - 1}, not ${index}`);
  const stageDir = join(file, '..');
  const started = Date.now();
  log(`task ${index}: ${taskLabel(task)}`);
  try {
    switch (task.kind) {
      case 'model':
        await buildModelTask(settings, task.id, log);
        break;
      case 'fingerprint':
        await buildFingerprints({ ...settings, methods: [task.method], log });
        break;
    }
  } catch (e) {
    writeFileAtomically(taskStatusPath(stageDir, index), JSON.stringify({ ok: false, error: (e as Error).message }));
    throw e;
  }
  writeFileAtomically(
    taskStatusPath(stageDir, index),
    JSON.stringify({ ok: true, seconds: (Date.now() - started) / 1000 }),
  );
}
