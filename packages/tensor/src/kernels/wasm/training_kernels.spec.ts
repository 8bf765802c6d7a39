import { switchBackend } from '../../backend';
import { createRng } from '../../random';
import * as tf from '../../tf';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  stride: number;
  pad: Pad;
  kernel: number;
  size: number;
}

const cases: Case[] = [];
for (const stride of [1, 2])
  for (const pad of ['same', 'valid'] as const)
    for (const kernel of [1, 3]) for (const size of [7, 8]) cases.push({ stride, pad, kernel, size });
cases.push({
  stride: 2,
  pad: [
    [0, 0],
    [1, 2],
    [2, 0],
    [0, 0],
  ],
  kernel: 3,
  size: 9,
});
cases.push({
  stride: 1,
  pad: [
    [0, 0],
    [3, 1],
    [0, 2],
    [0, 0],
  ],
  kernel: 3,
  size: 6,
});
// Stride 3 has phases that no tap reaches (1x1) and phases of unequal length (size 8 = 3+3+2).
cases.push(
  { stride: 3, pad: 'same', kernel: 3, size: 8 },
  { stride: 3, pad: 'valid', kernel: 1, size: 8 },
  { stride: 2, pad: 'same', kernel: 5, size: 9 },
);

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng() * 2 - 1),
    shape,
  );
}

/** Gradients of sum(conv(x, f) * dy) with respect to x and f, read back as plain arrays. */
async function convGrads(
  backend: 'cpu' | 'wasm',
  c: Case,
  depthwise: boolean,
): Promise<{ dx: Float32Array; df: Float32Array }> {
  await switchBackend(backend);
  const inC = 3;
  const outC = depthwise ? inC : 4;
  const x = randomTensor([2, c.size, c.size, inC], 1);
  const f = randomTensor([c.kernel, c.kernel, inC, depthwise ? 1 : outC], 2);
  const conv = (a: tf.Tensor, b: tf.Tensor) =>
    depthwise
      ? tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
      : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad);
  const outShape = tf.tidy(() => conv(x, f).shape);
  const dy = randomTensor(outShape, 3);
  const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), dy)))([x, f]);
  const out = { dx: (await dx.data()) as Float32Array, df: (await df.data()) as Float32Array };
  tf.dispose([x, f, dy, dx, df]);
  return out;
}

function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  return worst;
}

const label = (c: Case) =>
  `stride ${c.stride}, pad ${JSON.stringify(c.pad)}, ${c.kernel}x${c.kernel}, ${c.size}x${c.size}`;

describe('wasm training kernels match the cpu backend', () => {
  afterAll(() => switchBackend('cpu'));

  describe.each(cases.map((c) => [label(c), c] as const))('Conv2D gradients, %s', (_name, c) => {
    it('dx and dW agree to float precision', async () => {
      const ref = await convGrads('cpu', c, false);
      const got = await convGrads('wasm', c, false);
      expect(maxRelativeError(got.dx, ref.dx)).toBeLessThan(1e-5);
      expect(maxRelativeError(got.df, ref.df)).toBeLessThan(1e-5);
    });
  });

  describe.each(cases.filter((c) => typeof c.pad === 'string').map((c) => [label(c), c] as const))(
    'DepthwiseConv2dNative gradients, %s',
    (_name, c) => {
      it('dx and dW agree to float precision', async () => {
        const ref = await convGrads('cpu', c, true);
        const got = await convGrads('wasm', c, true);
        expect(maxRelativeError(got.dx, ref.dx)).toBeLessThan(1e-5);
        expect(maxRelativeError(got.df, ref.df)).toBeLessThan(1e-5);
      });
    },
  );

  it('depthwise gradients with channel multiplier 2 fail with a message naming the fix', async () => {
    await switchBackend('wasm');
    const x = tf.ones([1, 4, 4, 2]) as tf.Tensor4D;
    const f = tf.ones([3, 3, 2, 2]) as tf.Tensor4D;
    expect(() => tf.grad((a: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, f, 1, 'same')))(x)).toThrow(
      /multiplier 1 only.*depthMultiplier: 1/,
    );
    tf.dispose([x, f]);
  });

  it('frees every intermediate tensor', async () => {
    await switchBackend('wasm');
    const c = cases.find((k) => k.stride === 2 && k.kernel === 3)!;
    await convGrads('wasm', c, false);
    const before = tf.memory().numTensors;
    const buffersBefore = tf.backend().numDataIds();
    await convGrads('wasm', c, false);
    await convGrads('wasm', c, true);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
  });
});
