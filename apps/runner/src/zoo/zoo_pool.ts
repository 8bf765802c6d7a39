import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { ZooTaskResult, ZooWorkerData } from './zoo_task';

/** Builds zoo models by id somewhere (threads here, or processes per GPU) and can be stopped. */
export interface ZooPool {
  run(task: { id: string }): Promise<ZooTaskResult>;
  destroy(): Promise<void>;
}

/** In the packed app (`runner:pack`) the bundled entry beside this file; from source, its shim that registers tsx. */
export function entryFile(name: 'zoo_task' | 'zoo_gpu_host'): string {
  const bundled = join(__dirname, `${name}.cjs`);
  return existsSync(bundled) ? bundled : join(__dirname, `${name}.shim.js`);
}

/** `threads` worker threads in this process, each with its own tensor backend. */
export function threadPool(workerData: ZooWorkerData, threads: number, log: (line: string) => void): ZooPool {
  const pool = new Piscina<{ id: string }, ZooTaskResult>({
    filename: entryFile('zoo_task'),
    minThreads: threads,
    maxThreads: threads,
    workerData,
  });
  pool.on('error', (e: Error) => log(`worker error: ${e.message}`));
  return { run: (task) => pool.run(task), destroy: () => pool.destroy() };
}
