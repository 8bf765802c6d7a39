import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '@fpb/files';
import { sbatchArguments, type SbatchSettings } from './sbatch_settings';
import { cancelJob, queuedTasks, submitArray } from './slurm_commands';
import { readTaskStatus, taskLabel, type ClusterTask, type TaskFile, type TaskSettings } from './cluster_task';

export interface SlurmStage {
  /** Names the job (fpb-<name>) and its folder. */
  name: string;
  tasks: ClusterTask[];
}

export interface StageOptions {
  /** Where each stage's task file, script, statuses and logs go: on the shared filesystem. */
  jobsDir: string;
  settings: TaskSettings;
  sbatch: SbatchSettings;
  log: (line: string) => void;
  /** How often the queue and the statuses are read (default 5 s). */
  pollMs?: number;
}

const quote = (s: string) => (/^[\w./:=@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The runner as a command line for a task: the packed app's fpb.cjs when this file was bundled into
 * it, else this source tree through tsx (the checkout must be on the shared filesystem).
 */
function runnerCommand(): string[] {
  const bundled = join(__dirname, 'fpb.cjs');
  if (existsSync(bundled)) return [process.execPath, bundled];
  return [process.execPath, '--require', require.resolve('tsx/cjs'), join(__dirname, '..', 'main.ts')];
}

/** The last non-empty line of a task's log, to say why it failed. */
function lastLine(path: string): string {
  if (!existsSync(path)) return 'no log written';
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return lines[lines.length - 1] || 'empty log';
}

/** Writes the stage's task file and the script every task runs; returns the script's path. */
function writeStage(dir: string, stage: SlurmStage, settings: TaskSettings): string {
  const file: TaskFile = { format: 1, settings, tasks: stage.tasks };
  const tasksPath = join(dir, 'tasks.json');
  writeFileAtomically(tasksPath, JSON.stringify(file, null, 2));
  // Slurm opens each task's log but does not create its folder.
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const script = join(dir, 'task.sh');
  const command = [...runnerCommand(), 'task', tasksPath].map(quote).join(' ');
  // SLURM_ARRAY_TASK_ID picks the task; the submitting shell's environment (FPB_*, PATH) is exported.
  writeFileAtomically(script, `#!/bin/bash\ncd ${quote(process.cwd())}\nexec ${command}\n`);
  chmodSync(script, 0o755);
  return script;
}

/**
 * Runs one job array, a task per model or fingerprint, and waits for it, logging progress as tasks
 * finish. Ctrl-C or SIGTERM cancels the job (finished work stays in the cache). Throws, naming each
 * task that did not finish and its log, when any failed.
 */
export async function runSlurmStage(stage: SlurmStage, o: StageOptions): Promise<void> {
  const dir = join(o.jobsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${stage.name}`);
  const script = writeStage(dir, stage, o.settings);
  const logOf = (index: number) => join(dir, 'logs', `${index}.log`);
  const args = sbatchArguments(o.sbatch, {
    name: `fpb-${stage.name}`,
    count: stage.tasks.length,
    logPattern: join(dir, 'logs', '%a.log'),
  });
  const jobId = await submitArray(args, script);
  o.log(`slurm job ${jobId} (${stage.name}): ${stage.tasks.length} tasks; task files and logs in ${dir}`);
  // Ctrl-C or SIGTERM wakes the wait at once, so the job is cancelled before its tasks run on.
  let interrupted = false;
  let wake = () => {};
  const onSignal = () => {
    interrupted = true;
    wake();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let said = '';
    for (;;) {
      const queued = interrupted ? new Map() : await queuedTasks(jobId);
      if (interrupted) {
        await cancelJob(jobId);
        throw new Error(
          `interrupted: cancelled slurm job ${jobId}; finished models and fingerprints are in the cache: run the same command again to resume`,
        );
      }
      const statuses = stage.tasks.map((_, i) => readTaskStatus(dir, i));
      const running = [...queued.values()].filter((s) => s === 'RUNNING').length;
      const line = `slurm job ${jobId} (${stage.name}): ${statuses.filter((s) => s?.ok).length}/${stage.tasks.length} done, ${statuses.filter((s) => s && !s.ok).length} failed, ${running} running, ${queued.size - running} waiting`;
      if (line !== said) o.log((said = line));
      if (queued.size === 0) break;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, o.pollMs ?? 5000);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const failed = stage.tasks
    .map((task, i) => ({ task, i, status: readTaskStatus(dir, i) }))
    .filter(({ status }) => !status?.ok)
    .map(({ task, i, status }) => {
      const why =
        status && !status.ok
          ? status.error
          : `ended without a result (cancelled, out of time or killed): ${lastLine(logOf(i))}`;
      return `${taskLabel(task)}: ${why} (log ${logOf(i)})`;
    });
  if (failed.length > 0)
    throw new Error(
      `slurm job ${jobId} (${stage.name}): ${failed.length} of ${stage.tasks.length} tasks failed: ${failed.join('; ')}; finished work is in the cache: run the same command again to resume`,
    );
}
