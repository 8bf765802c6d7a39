/** Where the zoo's worker threads run: in this process, or in one child process per GPU. */
export interface WorkerPlacement {
  /** Worker threads per process. */
  threadsPerProcess: number;
  /** null: every thread in this process. Otherwise one child process per listed GPU index. */
  gpus: number[] | null;
}

export interface PlacementOptions {
  workers?: number;
  gpus?: number;
  workersPerGpu?: number;
}

/** Workers per GPU when --gpus is given alone: two raised total throughput ~2x over one in the guide's measurement. */
export const DEFAULT_WORKERS_PER_GPU = 2;

/**
 * Threads and processes for `jobs` models. Plain `--workers N` (default: one per core) keeps every
 * thread here. `--gpus N --workers-per-gpu K` gives each GPU K threads; with N > 1 each GPU gets its
 * own process, since the device a library picks (CUDA_VISIBLE_DEVICES, read once per process) cannot
 * differ between threads. Never more threads than jobs.
 */
export function placeWorkers(o: PlacementOptions, cores: number, jobs: number): WorkerPlacement {
  for (const [flag, v] of [
    ['--workers', o.workers],
    ['--gpus', o.gpus],
    ['--workers-per-gpu', o.workersPerGpu],
  ] as const)
    if (v !== undefined && !(Number.isInteger(v) && v >= 1))
      throw new Error(`${flag} must be a whole number of at least 1, got ${v}`);
  const wanted = Math.max(1, jobs);
  if (o.gpus === undefined && o.workersPerGpu === undefined)
    return { threadsPerProcess: Math.min(o.workers ?? cores, wanted), gpus: null };
  if (o.workers !== undefined)
    throw new Error('--workers counts threads of one process; with --gpus use --workers-per-gpu instead');
  const gpus = o.gpus ?? 1;
  const perGpu = o.workersPerGpu ?? DEFAULT_WORKERS_PER_GPU;
  if (gpus === 1) return { threadsPerProcess: Math.min(perGpu, wanted), gpus: null };
  const used = Math.min(gpus, wanted);
  return {
    threadsPerProcess: Math.min(perGpu, Math.ceil(wanted / used)),
    gpus: Array.from({ length: used }, (_, i) => i),
  };
}

/**
 * The environment of the process for GPU `gpu` (0-based among the GPUs this run may use): CUDA sees
 * that device only, and the workers know their index. A CUDA_VISIBLE_DEVICES the user set already
 * is respected: GPU i is its i-th entry.
 */
export function gpuProcessEnv(gpu: number, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const visible = base.CUDA_VISIBLE_DEVICES?.split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const device = visible ? visible[gpu] : String(gpu);
  if (device === undefined)
    throw new Error(
      `GPU ${gpu} was asked for, but CUDA_VISIBLE_DEVICES=${base.CUDA_VISIBLE_DEVICES} lists ${visible!.length}: lower --gpus or widen CUDA_VISIBLE_DEVICES`,
    );
  return { ...base, CUDA_VISIBLE_DEVICES: device, FPB_GPU_INDEX: String(gpu) };
}
