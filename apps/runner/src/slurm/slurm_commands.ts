import { execFile, execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Fails, in one line, when this machine cannot submit to Slurm: before any model is planned. */
export function requireSlurm(env: NodeJS.ProcessEnv = process.env): void {
  const path = (env.PATH ?? '').split(delimiter);
  const missing = ['sbatch', 'squeue', 'scancel'].filter((tool) => !path.some((dir) => existsSync(join(dir, tool))));
  if (missing.length > 0)
    throw new Error(
      `--executor slurm: ${missing.join(', ')} not found on PATH: run on a Slurm login node (or install Debian's slurm-wlm), or use --executor local`,
    );
}

/** Submits a job array; returns its job id. sbatch's own complaint is the error's text. */
export async function submitArray(args: string[], script: string): Promise<string> {
  try {
    const { stdout } = await run('sbatch', [...args, script]);
    // --parsable prints "<job id>[;<cluster>]".
    return stdout.trim().split(';')[0];
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(`sbatch refused the job: ${(err.stderr ?? err.message).trim().split('\n')[0]}`, { cause: e });
  }
}

/** The tasks of a job array still known to the scheduler (pending or running), by array index. */
export async function queuedTasks(jobId: string): Promise<Map<number, string>> {
  const tasks = new Map<number, string>();
  let stdout: string;
  try {
    ({ stdout } = await run('squeue', ['-h', '-r', '-j', jobId, '-o', '%K %T']));
  } catch (e) {
    // A job that has left the queue entirely is "Invalid job id" to some Slurm versions.
    if (/Invalid job id/i.test((e as { stderr?: string }).stderr ?? '')) return tasks;
    throw e;
  }
  for (const line of stdout.trim().split('\n').filter(Boolean)) {
    const [index, state] = line.trim().split(/\s+/);
    // A pending array shows as one line "0-12" (or "3-12%2"): each index in it is pending.
    const range = /^(\d+)-(\d+)/.exec(index);
    if (range) for (let i = Number(range[1]); i <= Number(range[2]); i++) tasks.set(i, state);
    else if (/^\d+$/.test(index)) tasks.set(Number(index), state);
  }
  return tasks;
}

export async function cancelJob(jobId: string): Promise<void> {
  await run('scancel', [jobId]).catch(() => undefined);
}

/** Whether the scheduler has forgotten a job (it ended): a lock its task held can be taken over. */
export function jobEnded(jobId: string): boolean {
  try {
    return (
      execFileSync('squeue', ['-h', '-j', jobId, '-o', '%i'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim() === ''
    );
  } catch (e) {
    return /Invalid job id/i.test(String((e as { stderr?: unknown }).stderr ?? ''));
  }
}
