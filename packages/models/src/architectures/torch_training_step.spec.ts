import { createRng, switchBackend, tf } from '@fpb/tensor';
import { describeWithBackends } from '@fpb/tensor/src/testing/describe_with_backends';
import { ARCHITECTURES } from './registry';

/** Loss and weights after one SGD-with-momentum step of `name` on a fixed batch, on `backend`. */
async function oneStep(name: string, backend: 'cpu' | 'torch'): Promise<{ loss: number; weights: Float32Array[] }> {
  await switchBackend(backend);
  const architecture = ARCHITECTURES.find((a) => a.name === name)!;
  const model = architecture.build({ numClasses: 10, seed: 3, width: 4 });
  const rng = createRng(5);
  const x = tf.tensor4d(
    Float32Array.from({ length: 4 * 32 * 32 * 3 }, () => rng() * 2 - 1),
    [4, 32, 32, 3],
  );
  const y = tf.oneHot(tf.tensor1d([0, 3, 7, 9], 'int32'), 10);
  const optimizer = tf.train.momentum(0.05, 0.9);
  const loss = optimizer.minimize(
    () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
    true,
  )!;
  const out = {
    loss: (await loss.data())[0],
    weights: await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array)),
  };
  tf.dispose([x, y, loss]);
  optimizer.dispose();
  model.dispose();
  return out;
}

describeWithBackends('one training step', ['torch'], () => {
  it.each(ARCHITECTURES.map((a) => a.name))(
    '%s: the same loss and weights as the cpu backend',
    async (name) => {
      const want = await oneStep(name, 'cpu');
      const got = await oneStep(name, 'torch');
      expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-4 * Math.max(1, want.loss));
      expect(got.weights.map((w) => w.length)).toEqual(want.weights.map((w) => w.length));
      got.weights.forEach((w, i) => {
        const scale = Math.max(1e-3, ...Array.from(want.weights[i], Math.abs));
        const worst = Math.max(...Array.from(w, (v, j) => Math.abs(v - want.weights[i][j])));
        expect(worst / scale).toBeLessThan(1e-4);
      });
    },
    120_000,
  );
});

describeWithBackends('200 training steps', ['torch'], () => {
  it('leave the tensor count, the libtorch tensors and their bytes where they were', async () => {
    const model = ARCHITECTURES.find((a) => a.name === 'resnet8')!.build({ numClasses: 10, seed: 1, width: 4 });
    const rng = createRng(2);
    const x = tf.tensor4d(
      Float32Array.from({ length: 8 * 32 * 32 * 3 }, () => rng()),
      [8, 32, 32, 3],
    );
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const optimizer = tf.train.momentum(0.01, 0.9);
    const step = () =>
      tf.dispose(
        optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
        )!,
      );
    const usage = () => {
      const m = tf.memory() as tf.MemoryInfo & { numNativeTensors: number; numNativeBytes: number };
      return {
        tensors: m.numTensors,
        dataIds: tf.backend().numDataIds(),
        native: m.numNativeTensors,
        bytes: m.numNativeBytes,
      };
    };
    // The first steps create the optimizer's momentum slots.
    for (let i = 0; i < 5; i++) step();
    const before = usage();
    for (let i = 0; i < 200; i++) step();
    expect(usage()).toEqual(before);
    expect(before.native).toBe(before.dataIds);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }, 120_000);
});
