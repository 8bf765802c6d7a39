import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { TrainingEvent } from '@fpb/progress';
import { Piscina } from 'piscina';
import type { ZooTask, ZooTaskResult, ZooWorkerData } from './zoo_task';

/** Builds zoo models by id somewhere (threads here, or processes per GPU) and can be stopped. */
export interface ZooPool {
  /** Builds one model; `onEvent` hears its training events as they happen. */
  run(task: { id: string }, onEvent?: (e: TrainingEvent) => void): Promise<ZooTaskResult>;
  destroy(): Promise<void>;
}

/** In the packed app (`runner:pack`) the bundled entry beside this file; from source, its shim that registers tsx. */
export function entryFile(name: 'zoo_task' | 'zoo_gpu_host'): string {
  const bundled = join(__dirname, `${name}.cjs`);
  return existsSync(bundled) ? bundled : join(__dirname, `${name}.shim.js`);
}

/** `threads` worker threads in this process, each with its own tensor backend. */
export function threadPool(workerData: ZooWorkerData, threads: number, log: (line: string) => void): ZooPool {
  const pool = new Piscina<ZooTask, ZooTaskResult>({
    filename: entryFile('zoo_task'),
    minThreads: threads,
    maxThreads: threads,
    workerData,
  });
  pool.on('error', (e: Error) => log(`worker error: ${e.message}`));
  return {
    run: (task, onEvent) => {
      if (!onEvent) return pool.run(task);
      // A channel per job: the worker posts its training events on one end, we listen on the other.
      const { port1, port2 } = new MessageChannel();
      port1.on('message', onEvent);
      return pool.run({ ...task, progress: port2 }, { transferList: [port2] }).finally(() => port1.close());
    },
    destroy: () => pool.destroy(),
  };
}
