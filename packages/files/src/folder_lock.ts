import { hostname } from 'node:os';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { processIsAlive } from './process_alive';

/** Who holds a lock: written into the lock file so that others can tell a live holder from a dead one. */
export interface Holder {
  pid: number;
  host: string;
  since: string;
  /** The batch job the holder ran in (Slurm's SLURM_JOB_ID), so that another node can tell it ended. */
  job?: string;
}

function tryTake(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    const job = process.env.SLURM_JOB_ID;
    const holder: Holder = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      ...(job ? { job } : {}),
    };
    writeSync(fd, JSON.stringify(holder));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** The holder of a lock file, if it can be read. */
export function lockHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * A lock left by a killed run: a process of this machine that no longer runs, or (asked of
 * `jobEnded`) a batch job on another node that the scheduler no longer knows.
 */
function isStale(path: string, jobEnded?: (job: string) => boolean): boolean {
  const holder = lockHolder(path);
  if (holder === undefined) return false;
  if (holder.host === hostname()) return !processIsAlive(holder.pid);
  return holder.job !== undefined && jobEnded !== undefined && jobEnded(holder.job);
}

/**
 * Runs `work` holding an exclusive lock file (created with O_EXCL, so two processes never both hold
 * it). While another live process holds it, waits, calling `onWait` once with the holder; a lock
 * whose holder died is taken over. The lock is released when `work` settles.
 */
export async function withFolderLock<T>(
  path: string,
  work: () => Promise<T>,
  options: { onWait?: (holder: Holder | undefined) => void; pollMs?: number; jobEnded?: (job: string) => boolean } = {},
): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  let told = false;
  while (!tryTake(path)) {
    if (isStale(path, options.jobEnded)) {
      rmSync(path, { force: true });
      continue;
    }
    if (!told) {
      options.onWait?.(lockHolder(path));
      told = true;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
  try {
    return await work();
  } finally {
    rmSync(path, { force: true });
  }
}
