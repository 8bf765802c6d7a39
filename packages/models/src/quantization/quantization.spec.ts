import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@fpb/tensor';
import { getArchitecture } from '../architectures/registry';
import { loadModel, saveModel } from '../model_store';
import { halfPrecision, roundToHalf } from './half_precision';
import { quantizedCopy } from './quantized_copy';
import { QuantizedReLU } from './quantized_relu';

beforeAll(() => initBackend('wasm', () => undefined));

const outputs = (m: tf.LayersModel, x: tf.Tensor) => (m.predict(x) as tf.Tensor).dataSync() as Float32Array;
const maxAbs = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));

describe('half precision', () => {
  it('rounds to the nearest float16, ties to even, subnormals kept, clamped at 65504', () => {
    const cases: Array<[number, number]> = [
      [1, 1],
      [1 + 2 ** -11, 1], // half an ulp above 1: the tie goes to the even mantissa
      [1 + 3 * 2 ** -11, 1 + 2 ** -9], // one and a half ulps: to the even one above
      [0.1, 0.0999755859375],
      [-3.14159, -3.140625],
      [2 ** -24, 2 ** -24], // the smallest subnormal
      [65504, 65504],
      [70000, 65504],
      [0, 0],
    ];
    for (const [v, half] of cases) expect(roundToHalf(v)).toBe(half);
    const values = cases.map(([v]) => v);
    expect(Array.from(halfPrecision(tf.tensor1d(values)).dataSync())).toEqual(
      values.map((v) => Math.fround(roundToHalf(v))),
    );
  });
});

describe('QuantizedReLU', () => {
  it('int8: the ReLU on an unsigned 8-bit grid of its scale (0.5 by hand), the ReLU alone until calibrated', () => {
    const layer = new QuantizedReLU({ name: 'q', format: 'int8' });
    const x = tf.tensor1d([-1, 0.2, 0.3, 0.74, 200]);
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual([0, 0.2, 0.3, 0.74, 200].map(Math.fround));
    layer.setWeights([tf.tensor1d([0.5])]);
    // / 0.5 -> 0, 0.4, 0.6, 1.48, 400; rounded and capped at 255 -> 0, 0, 1, 1, 255; x 0.5
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual([0, 0, 0.5, 0.5, 127.5]);
  });
});

describe('quantizedCopy', () => {
  const arch = getArchitecture('resnet8');
  let source: tf.LayersModel;
  let x: tf.Tensor4D;
  let reference: Float32Array;
  beforeAll(() => {
    source = arch.build({ numClasses: 10, seed: 3, width: 4 });
    x = tf.randomUniform([16, 32, 32, 3], 0, 1, 'float32', 9);
    reference = outputs(source, x);
  });

  it('int8: kernels on a per-channel grid of 255 steps, activations calibrated, logits near the float ones', () => {
    const copy = quantizedCopy(source, arch.build({ numClasses: 10, seed: 0, width: 4, quantized: 'int8' }), 'int8', x);
    const kernel = copy.getLayer('stem_conv').getWeights()[0];
    const [kh, kw, cin, cout] = kernel.shape;
    const values = kernel.dataSync();
    for (let o = 0; o < cout; o++) {
      const channel = Array.from({ length: kh * kw * cin }, (_, i) => values[i * cout + o]);
      const step = maxAbs(channel) / 127;
      // Every weight a whole number of steps, the largest exactly 127 of them.
      for (const w of channel) expect(Math.abs(w / step - Math.round(w / step))).toBeLessThan(1e-3);
    }
    const scales = copy.layers.filter((l) => l instanceof QuantizedReLU).map((l) => l.getWeights()[0].dataSync()[0]);
    expect(scales.length).toBe(copy.layers.filter((l) => l.getClassName() === 'QuantizedReLU').length);
    expect(Math.min(...scales)).toBeGreaterThan(0);
    const diff = outputs(copy, x).map((v, i) => Math.abs(v - reference[i]));
    expect(maxAbs(diff)).toBeGreaterThan(0);
    expect(maxAbs(diff)).toBeLessThan(0.05 * maxAbs(reference));
  });

  it('fp16: weights and activations at half precision, logits within 1e-2 of their size; saved and loaded as it is', async () => {
    const copy = quantizedCopy(source, arch.build({ numClasses: 10, seed: 0, width: 4, quantized: 'fp16' }), 'fp16', x);
    const w = copy.getLayer('stem_conv').getWeights()[0].dataSync();
    expect(Array.from(w)).toEqual(Array.from(w, (v) => Math.fround(roundToHalf(v))));
    const ours = outputs(copy, x);
    const diff = ours.map((v, i) => Math.abs(v - reference[i]));
    expect(maxAbs(diff)).toBeGreaterThan(0);
    expect(maxAbs(diff)).toBeLessThan(1e-2 * maxAbs(reference));
    const dir = join(mkdtempSync(join(tmpdir(), 'fpb-quant-')), 'm');
    await saveModel(copy, dir, { architecture: 'resnet8', width: 4, numClasses: 10, seed: 0 });
    const { model } = await loadModel(dir);
    expect(Array.from(outputs(model, x))).toEqual(Array.from(ours));
  });
});
