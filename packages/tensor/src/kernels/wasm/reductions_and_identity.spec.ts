import { switchBackend } from '../../backend';
import * as tf from '../../tf';

/** Buffers the wasm backend holds: catches an intermediate a kernel forgot to free. */
const wasmBuffers = () => tf.backend().numDataIds();

type Reduction = [shape: number[], axes: number[], keepDims: boolean];

// Leading and middle blocks take the pooling path; trailing and scattered axes the shipped kernel.
const reductions: Reduction[] = [
  [[6, 4, 5, 3], [0, 1, 2], false],
  [[6, 4, 5, 3], [1, 2], true],
  [[6, 4, 5, 3], [0], false],
  [[6, 4, 5, 3], [3], false],
  [[6, 4, 5, 3], [0, 2], true],
  [[7], [0], false],
];

async function reduce(
  backend: 'cpu' | 'wasm',
  [shape, axes, keepDims]: Reduction,
): Promise<{ sum: tf.Tensor; mean: tf.Tensor }> {
  await switchBackend(backend);
  const size = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(
    Float32Array.from({ length: size }, (_, i) => Math.sin(1.37 * i) + 0.5),
    shape,
  );
  const out = { sum: tf.sum(x, axes, keepDims), mean: tf.mean(x, axes, keepDims) };
  // Move the results to cpu so that both sides can be compared after switching backends.
  const moved = {
    sum: tf.tensor(await out.sum.data(), out.sum.shape),
    mean: tf.tensor(await out.mean.data(), out.mean.shape),
  };
  tf.dispose([x, out.sum, out.mean]);
  return moved;
}

describe('wasm Sum, Mean and Identity replacements', () => {
  afterAll(() => switchBackend('cpu'));

  it.each(reductions.map((r) => [JSON.stringify(r), r] as const))('sum and mean of %s match cpu', async (_name, r) => {
    const ref = await reduce('cpu', r);
    const got = await reduce('wasm', r);
    for (const key of ['sum', 'mean'] as const) {
      expect(got[key].shape).toEqual(ref[key].shape);
      const [a, b] = [await got[key].data(), await ref[key].data()];
      for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 4);
    }
  });

  it('int32 sums still work (shipped kernel)', async () => {
    await switchBackend('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const s = tf.sum(x, 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(await s.data())).toEqual([9, 12]);
    tf.dispose([x, s]);
  });

  it('identity shares memory and survives the disposal of its input', async () => {
    await switchBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
  });

  it('frees what it allocates', async () => {
    await switchBackend('wasm');
    const x = tf.ones([4, 3, 2]);
    tf.dispose([tf.sum(x, [0, 1]), tf.mean(x, [0])]);
    const before = wasmBuffers();
    tf.dispose([tf.sum(x, [0, 1]), tf.mean(x, [0])]);
    expect(wasmBuffers()).toBe(before);
    x.dispose();
  });
});
