import { gpuProcessEnv, placeWorkers } from './worker_placement';

describe('placeWorkers', () => {
  it('keeps every thread here by default: one per core, never more than the jobs', () => {
    expect(placeWorkers({}, 16, 100)).toEqual({ threadsPerProcess: 16, gpus: null });
    expect(placeWorkers({}, 16, 3)).toEqual({ threadsPerProcess: 3, gpus: null });
    expect(placeWorkers({ workers: 4 }, 16, 100)).toEqual({ threadsPerProcess: 4, gpus: null });
  });

  it('one GPU: K threads in this process (default 2)', () => {
    expect(placeWorkers({ gpus: 1 }, 16, 100)).toEqual({ threadsPerProcess: 2, gpus: null });
    expect(placeWorkers({ workersPerGpu: 4 }, 16, 100)).toEqual({ threadsPerProcess: 4, gpus: null });
  });

  it('N GPUs: one process each with K threads, fewer when there are fewer jobs', () => {
    expect(placeWorkers({ gpus: 4, workersPerGpu: 3 }, 16, 100)).toEqual({ threadsPerProcess: 3, gpus: [0, 1, 2, 3] });
    expect(placeWorkers({ gpus: 4, workersPerGpu: 3 }, 16, 2)).toEqual({ threadsPerProcess: 1, gpus: [0, 1] });
    expect(placeWorkers({ gpus: 2, workersPerGpu: 3 }, 16, 5)).toEqual({ threadsPerProcess: 3, gpus: [0, 1] });
  });

  it('rejects mixing --workers with --gpus, and counts below 1', () => {
    expect(() => placeWorkers({ workers: 4, gpus: 2 }, 16, 10)).toThrow(/with --gpus use --workers-per-gpu/);
    expect(() => placeWorkers({ gpus: 0 }, 16, 10)).toThrow(/--gpus must be a whole number of at least 1, got 0/);
    expect(() => placeWorkers({ workersPerGpu: 1.5 }, 16, 10)).toThrow(/--workers-per-gpu/);
  });
});

describe('gpuProcessEnv', () => {
  it('shows each process one device and tells its workers the index', () => {
    expect(gpuProcessEnv(1, { PATH: '/bin' })).toEqual({ PATH: '/bin', CUDA_VISIBLE_DEVICES: '1', FPB_GPU_INDEX: '1' });
  });

  it("maps onto the user's own CUDA_VISIBLE_DEVICES, and says when it is too short", () => {
    expect(gpuProcessEnv(1, { CUDA_VISIBLE_DEVICES: '4, 6' })).toMatchObject({
      CUDA_VISIBLE_DEVICES: '6',
      FPB_GPU_INDEX: '1',
    });
    expect(() => gpuProcessEnv(2, { CUDA_VISIBLE_DEVICES: '4,6' })).toThrow(
      /CUDA_VISIBLE_DEVICES=4,6 lists 2: lower --gpus/,
    );
  });
});
