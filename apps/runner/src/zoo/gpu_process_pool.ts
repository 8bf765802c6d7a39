import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { TrainingEvent } from '@fpb/progress';
import { gpuProcessEnv } from './worker_placement';
import { entryFile, type ZooPool } from './zoo_pool';
import type { FromHost, GpuHostInit, ToHost } from './zoo_gpu_host';
import type { ZooTaskResult } from './zoo_task';

interface Pending {
  id: string;
  resolve: (r: ZooTaskResult) => void;
  reject: (e: Error) => void;
  onEvent?: (e: TrainingEvent) => void;
}

interface Host {
  gpu: number;
  device: string;
  child: ChildProcess;
  pending: Map<number, Pending>;
  /** Settles once the process has exited and its models in flight have been failed. */
  exited: Promise<void>;
}

/** Node sets the exit code or signal before 'exit' is emitted, so neither being set means running. */
const isRunning = (h: Host) => h.child.exitCode === null && h.child.signalCode === null;

/**
 * One child process per GPU, each with `init.threads` worker threads and CUDA_VISIBLE_DEVICES set to
 * its device; each model goes to the process with the fewest models in flight. A process that dies
 * fails its models in flight with a message naming the GPU; the others go on.
 */
export class GpuProcessPool implements ZooPool {
  private readonly hosts: Host[];
  private seq = 0;

  constructor(gpus: number[], init: GpuHostInit, log: (line: string) => void, hostFile = entryFile('zoo_gpu_host')) {
    // Every environment first: a CUDA_VISIBLE_DEVICES too short for --gpus fails before any process starts.
    const envs = gpus.map((gpu) => gpuProcessEnv(gpu, process.env));
    this.hosts = gpus.map((gpu, i) => {
      const env = envs[i];
      const child = fork(hostFile, [], {
        env,
        execArgv: [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
      const host: Host = {
        gpu,
        device: env.CUDA_VISIBLE_DEVICES!,
        child,
        pending: new Map(),
        exited: once(child, 'exit').then(([code, signal]) => {
          for (const p of host.pending.values())
            p.reject(
              new Error(
                `the process of GPU ${gpu} (CUDA_VISIBLE_DEVICES=${host.device}) exited (${signal ?? `code ${code}`}) while building ${p.id}; finished models are saved: run the same command again to resume`,
              ),
            );
          host.pending.clear();
        }),
      };
      child.on('error', (e) => log(`GPU ${gpu} process: ${e.message}`));
      child.on('message', (m: FromHost) => {
        if (m.type === 'log') return log(`GPU ${gpu}: ${m.line}`);
        const p = host.pending.get(m.seq);
        if (p == null) return;
        if (m.type === 'event') return p.onEvent?.(m.event);
        host.pending.delete(m.seq);
        if (m.type === 'done') p.resolve(m.result);
        else p.reject(new Error(m.error));
      });
      child.send({ type: 'init', init } satisfies ToHost);
      return host;
    });
  }

  run(task: { id: string }, onEvent?: (e: TrainingEvent) => void): Promise<ZooTaskResult> {
    const host = this.hosts.filter(isRunning).sort((a, b) => a.pending.size - b.pending.size)[0];
    if (host == null)
      return Promise.reject(
        new Error(`every GPU process has exited; ${task.id} was not started: run the same command again to resume`),
      );
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      host.pending.set(seq, { id: task.id, resolve, reject, onEvent });
      host.child.send({ type: 'job', seq, id: task.id } satisfies ToHost);
    });
  }

  async destroy(): Promise<void> {
    for (const h of this.hosts) if (isRunning(h)) h.child.kill('SIGTERM');
    await Promise.all(this.hosts.map((h) => h.exited));
  }
}
