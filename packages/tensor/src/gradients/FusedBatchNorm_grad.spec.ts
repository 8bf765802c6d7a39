import { switchBackend } from '../backend';
import { createRng } from '../random';
import * as tf from '../tf';

function randomTensor(shape: number[], seed: number, offset = 0): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng() * 2 - 1 + offset),
    shape,
  );
}

describe('batch-norm gradient without Tile', () => {
  it.each(['cpu', 'wasm'] as const)(
    'equals the gradient of the same formula written with primitive ops (%s)',
    async (backend) => {
      await switchBackend(backend);
      const x = randomTensor([2, 3, 5, 4], 1);
      const mean = randomTensor([4], 2);
      const variance = randomTensor([4], 3, 2); // positive
      const scale = randomTensor([4], 4);
      const offset = randomTensor([4], 5);
      const dy = randomTensor([2, 3, 5, 4], 6);
      const eps = 1e-3;
      const fused = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
        tf.sum(
          tf.mul(
            tf.batchNorm(a as tf.Tensor4D, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, eps),
            dy,
          ),
        );
      const primitive = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
        tf.sum(tf.mul(tf.add(tf.mul(tf.mul(tf.sub(a, m), tf.rsqrt(tf.add(v, eps))), s), o), dy));
      const got = tf.grads(fused)([x, mean, variance, scale, offset]);
      const want = tf.grads(primitive)([x, mean, variance, scale, offset]);
      for (let i = 0; i < got.length; i++) {
        expect(got[i].shape).toEqual(want[i].shape);
        const g = await got[i].data();
        const w = await want[i].data();
        for (let j = 0; j < g.length; j++) expect(g[j]).toBeCloseTo(w[j], 4);
      }
    },
  );

  it('runs no Tile kernel', async () => {
    await switchBackend('cpu');
    const x = randomTensor([2, 3, 3, 4], 1);
    const p = randomTensor([4], 2, 2);
    const profile = await tf.profile(() =>
      tf.grad((a: tf.Tensor) =>
        tf.sum(tf.batchNorm(a as tf.Tensor4D, p as tf.Tensor1D, p as tf.Tensor1D, p as tf.Tensor1D, p as tf.Tensor1D)),
      )(x),
    );
    expect(profile.kernelNames).not.toContain('Tile');
    expect(profile.kernelNames).toContain('FusedBatchNorm');
  });
});
