import { ExperimentCommand, parseRunOptions, ZooCommand } from './run_options';

describe('run options', () => {
  it('splits lists and resolves the backend once', () => {
    const o = parseRunOptions(ZooCommand, {
      scale: 'mini',
      seed: 0,
      sets: 'table1, overlap,',
      backend: 'WASM',
      workersPerGpu: 3,
      device: 'cpu', // read by the preAction hook, not passed down
    });
    expect(o).toEqual({ scale: 'mini', seed: 0, sets: ['table1', 'overlap'], backend: 'wasm', workersPerGpu: 3 });
  });

  it('takes the backend from FPB_BACKEND when --backend is not given, and names whichever was wrong', () => {
    const before = process.env.FPB_BACKEND;
    try {
      process.env.FPB_BACKEND = 'cpu';
      expect(parseRunOptions(ExperimentCommand, {}).backend).toBe('cpu');
      process.env.FPB_BACKEND = 'gpu';
      expect(() => parseRunOptions(ExperimentCommand, {})).toThrow(/unknown backend 'gpu' in FPB_BACKEND/);
      expect(() => parseRunOptions(ExperimentCommand, { backend: 'gpu' })).toThrow(
        /unknown backend 'gpu' in --backend/,
      );
    } finally {
      if (before === undefined) delete process.env.FPB_BACKEND;
      else process.env.FPB_BACKEND = before;
    }
  });

  it('names the flag of a value out of range', () => {
    expect(() => parseRunOptions(ExperimentCommand, { backend: 'cpu', workersPerGpu: 0 })).toThrow(
      /^--workers-per-gpu: /,
    );
  });
});
