import { workerData, type MessagePort } from 'node:worker_threads';
import { backendMemory, initBackend, type BackendChoice } from '@fpb/tensor';
import type { TrainingEvent } from '@fpb/progress';
import {
  buildPlanned,
  familiesOf,
  getZooScale,
  planZoo,
  ZooCache,
  type ExperimentData,
  type ImportedVictim,
} from '@fpb/zoo';

/** What the main thread hands every worker once: the data (shared memory where possible) and settings. */
export interface ZooWorkerData {
  experiment: ExperimentData;
  scale: string;
  /** The zoo's victim when it was imported (the scale's recipes follow its architecture). */
  victim?: ImportedVictim;
  seed: number;
  backend: BackendChoice;
  cacheDir: string;
  sets: string[];
  /** Micro-batch sizes of the models whose steps would not fit the backend's memory, by recipe id. */
  microBatches: Record<string, number>;
}

export interface ZooTaskResult {
  id: string;
  accuracy: number;
  fidelity: number;
  seconds: number;
  backend: string;
  /** The worker's backend line ("tensor backend: wasm (auto) ..."), so a fallback is never silent. */
  backendLine: string;
  /** This worker's backend memory after the job (wasm heap / GPU buffer pool: its high-water mark). */
  memory: { bytes: number; what: string };
  /** The GPU index of this worker's process under --gpus N > 1 (FPB_GPU_INDEX), else undefined. */
  gpu?: number;
}

const shared = workerData as ZooWorkerData;
const gpuIndex = process.env.FPB_GPU_INDEX === undefined ? undefined : Number(process.env.FPB_GPU_INDEX);
let backendLine = '';
const ready = initBackend(shared.backend, (line) => (backendLine = line));
const plan = planZoo(
  getZooScale(shared.scale, shared.victim),
  shared.seed,
  shared.experiment.identity,
  familiesOf(shared.sets),
);
const cache = new ZooCache(shared.cacheDir);

/** One job: a model id, and a port for its training events when the caller listens. */
export interface ZooTask {
  id: string;
  progress?: MessagePort;
}

/** Builds one model of the zoo in this worker (its own tensor backend) and reports its figures. */
export default async function buildOne(task: ZooTask): Promise<ZooTaskResult> {
  const { backend } = await ready;
  const started = Date.now();
  const onEvent = task.progress ? (e: TrainingEvent) => task.progress!.postMessage(e) : undefined;
  const meta = await buildPlanned(
    plan,
    task.id,
    cache,
    shared.experiment,
    backend,
    onEvent,
    shared.microBatches[task.id],
  ).finally(() => task.progress?.close());
  return {
    id: task.id,
    accuracy: meta.accuracy ?? NaN,
    fidelity: meta.extra.fidelity as number,
    seconds: (Date.now() - started) / 1000,
    backend,
    backendLine,
    memory: backendMemory(),
    gpu: gpuIndex,
  };
}
