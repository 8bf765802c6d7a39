import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GpuProcessPool } from './gpu_process_pool';
import type { GpuHostInit } from './zoo_gpu_host';

const init: GpuHostInit = {
  microBatches: {},
  scale: 'tiny',
  seed: 0,
  backend: 'wasm',
  cacheDir: '/nonexistent',
  sets: ['table1'],
  threads: 1,
};

/** A stand-in for the real host (which trains models): `onJob` is the body of its job handler. */
function fakeHost(onJob: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fpb-fake-host-')), 'host.js');
  writeFileSync(
    file,
    `process.on('message', (m) => { if (m.type === 'job') { ${onJob} } });\nprocess.on('disconnect', () => process.exit(0));\n`,
  );
  return file;
}

describe('GpuProcessPool', () => {
  it('sends each job to the process with the fewest in flight; workers see their GPU in the environment', async () => {
    const host = fakeHost(
      `setTimeout(() => process.send({ type: 'done', seq: m.seq, result: { id: m.id, gpu: Number(process.env.FPB_GPU_INDEX), device: process.env.CUDA_VISIBLE_DEVICES } }), 300);`,
    );
    const pool = new GpuProcessPool([0, 1], init, () => undefined, host);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((id) => pool.run({ id })));
    await pool.destroy();
    expect(results.map((r) => [r.id, r.gpu, (r as unknown as { device: string }).device])).toEqual([
      ['a', 0, '0'],
      ['b', 1, '1'],
      ['c', 0, '0'],
      ['d', 1, '1'],
    ]);
  }, 30_000);

  it('a failed model is reported with its message and the process goes on', async () => {
    const host = fakeHost(
      `process.send(m.id === 'bad' ? { type: 'failed', seq: m.seq, error: 'diverged' } : { type: 'done', seq: m.seq, result: { id: m.id } });`,
    );
    const pool = new GpuProcessPool([0], init, () => undefined, host);
    await expect(pool.run({ id: 'bad' })).rejects.toThrow('diverged');
    await expect(pool.run({ id: 'good' })).resolves.toMatchObject({ id: 'good' });
    await pool.destroy();
  }, 30_000);

  it('a process that dies fails its models in flight naming the GPU and the fix; when all are gone, new jobs fail at once', async () => {
    const pool = new GpuProcessPool([0, 1], init, () => undefined, fakeHost('process.exit(3);'));
    await expect(pool.run({ id: 'PM_FA/0' })).rejects.toThrow(
      /GPU 0 \(CUDA_VISIBLE_DEVICES=0\) exited \(code 3\) while building PM_FA\/0; finished models are saved: run the same command again to resume/,
    );
    await expect(pool.run({ id: 'PM_FA/1' })).rejects.toThrow(/GPU 1 .*exited \(code 3\) while building PM_FA\/1/);
    await expect(pool.run({ id: 'PM_FA/2' })).rejects.toThrow(/every GPU process has exited; PM_FA\/2 was not started/);
    await pool.destroy();
  }, 30_000);
});
