import { initBackend, tf } from '@fpb/tensor';
import { ARCHITECTURES } from '../architectures/registry';
import { toOnnx } from '../onnx/onnx_export';
import { assignForeignWeights } from './assign_foreign_weights';
import type { ForeignLayer } from './foreign_layers';
import { foreignModel } from './foreign_model';
import { layersFromOnnx } from './onnx_layers';
import { layersFromStateDict } from './state_dict_layers';

beforeAll(() => initBackend('wasm', () => undefined));

/** Every weight random, BatchNorm variances positive: a model no initialiser would give. */
function randomised(model: tf.LayersModel): tf.LayersModel {
  let seed = 7;
  for (const w of model.weights) {
    const positive = w.name.includes('variance');
    w.write(
      tf.tidy(() =>
        tf.randomUniform(w.shape as number[], positive ? 0.5 : -0.5, positive ? 1.5 : 0.5, 'float32', seed++),
      ),
    );
  }
  return model;
}

const outputs = (m: tf.LayersModel, x: tf.Tensor) => (m.predict(x) as tf.Tensor).dataSync() as Float32Array;
const maxDifference = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, k) => Math.abs(v - b[k])));
const t = (shape: number[], ...values: number[]) => ({ shape, values: Float32Array.from(values) });

describe.each(ARCHITECTURES.map((a) => [a.name, a] as const))('%s exported to ONNX and read back', (name, arch) => {
  it('computes what the original computes (1e-5)', () => {
    const width = name === 'resnet18' ? 8 : 4;
    const original = randomised(arch.build({ numClasses: 10, seed: 1, width }));
    const weights = layersFromOnnx(toOnnx(original), 'm.onnx');
    const { model: copy, foldedBatchNorms } = foreignModel(weights.layers, {
      architecture: name,
      width,
      numClasses: 10,
      padding: 'same',
      source: 'm.onnx',
    });
    expect(foldedBatchNorms).toBe(0);
    const x = tf.randomUniform([3, 32, 32, 3], 0, 1, 'float32', 3);
    expect(maxDifference(outputs(copy, x), outputs(original, x))).toBeLessThan(1e-5);
    [original, copy, x].forEach((d) => d.dispose());
  });
});

describe('padding', () => {
  it("a ResNet's strided convolutions pad as TensorFlow or as PyTorch, and ONNX shows which", () => {
    const tfStyle = randomised(
      ARCHITECTURES.find((a) => a.name === 'resnet8')!.build({ numClasses: 10, seed: 1, width: 4 }),
    );
    expect(layersFromOnnx(toOnnx(tfStyle), 'm').padding).toBe('same');
    const torchStyle = ARCHITECTURES.find((a) => a.name === 'resnet8')!.build({
      numClasses: 10,
      seed: 1,
      width: 4,
      padding: 'symmetric',
    });
    torchStyle.setWeights(tfStyle.getWeights());
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 5);
    // Same weights, one pixel's shift at each strided convolution: other outputs.
    expect(maxDifference(outputs(torchStyle, x), outputs(tfStyle, x))).toBeGreaterThan(1e-3);
    expect(torchStyle.layers.filter((l) => l.getClassName() === 'ZeroPadding2D').map((l) => l.name)).toEqual([
      's2_b0_a_pad',
      's3_b0_a_pad',
    ]);
    [tfStyle, torchStyle, x].forEach((d) => d.dispose());
  });
});

/** A model small enough to compute by hand: a 1x1 conv of one channel, a BatchNorm, a 1->1 dense. */
function tinyModel(): tf.LayersModel {
  const input = tf.input({ shape: [1, 1, 1] });
  let y = tf.layers.conv2d({ name: 'c', filters: 1, kernelSize: 1, useBias: false }).apply(input) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: 'bn', epsilon: 1e-5 }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.flatten().apply(y) as tf.SymbolicTensor;
  return tf.model({
    name: 'tiny',
    inputs: input,
    outputs: tf.layers.dense({ name: 'd', units: 1 }).apply(y) as tf.SymbolicTensor,
  });
}

const dense: ForeignLayer = { kind: 'dense', name: 'fc', weight: t([1, 1], 0.5), bias: t([1], 0.25) };
const predictTwo = (m: tf.LayersModel) => outputs(m, tf.tensor4d([2], [1, 1, 1, 1]))[0];

describe('assignForeignWeights by hand (input 2)', () => {
  it('a conv bias with no BatchNorm after it (folded by the exporter) becomes the BatchNorm: 0.5 (3 x 2 + 1) + 0.25 = 3.75', () => {
    const m = tinyModel();
    expect(
      assignForeignWeights(
        m,
        [{ kind: 'conv', name: 'conv', weight: t([1, 1, 1, 1], 3), bias: t([1], 1) }, dense],
        'f',
      ),
    ).toEqual({ foldedBatchNorms: 1 });
    expect(predictTwo(m)).toBeCloseTo(3.75, 5);
  });

  it('a conv bias before a BatchNorm moves into its mean, its epsilon into the variance: 0.5 (2 (6 + 1 - 4) / 1 + 0.5) + 0.25 = 3.5', () => {
    const m = tinyModel();
    const bn: ForeignLayer = {
      kind: 'batchnorm',
      name: 'bn',
      scale: t([1], 2),
      bias: t([1], 0.5),
      mean: t([1], 4),
      variance: t([1], 1 - 1e-3),
      epsilon: 1e-3,
    };
    assignForeignWeights(
      m,
      [{ kind: 'conv', name: 'conv', weight: t([1, 1, 1, 1], 3), bias: t([1], 1) }, bn, dense],
      'f',
    );
    expect(predictTwo(m)).toBeCloseTo(3.5, 5);
  });

  it('names the first layer that does not fit, and what is left over', () => {
    const conv: ForeignLayer = { kind: 'conv', name: 'conv', weight: t([1, 1, 1, 1], 3), bias: t([1], 1) };
    expect(() =>
      assignForeignWeights(tinyModel(), [{ ...conv, weight: t([2, 1, 1, 1], 3, 4) }, dense], 'f.onnx'),
    ).toThrow(
      "f.onnx: its weight layer 1 conv (conv [2, 1, 1, 1]) does not fit tiny's c (Conv2D [1, 1, 1, 1]): the shapes differ",
    );
    expect(() => assignForeignWeights(tinyModel(), [dense], 'f.onnx')).toThrow(
      /layer 1 fc \(dense \[1, 1\]\) does not fit tiny's c .*: a linear layer where it has none/,
    );
    expect(() => assignForeignWeights(tinyModel(), [conv, dense, dense], 'f.onnx')).toThrow(
      "f.onnx: 1 weight layers are left over after tiny's last (from fc (dense [1, 1])): it is not this architecture",
    );
  });
});

describe('layersFromStateDict', () => {
  it('groups a state dict by module, in its order: conv, BatchNorm (by running_mean), linear', () => {
    const sd = [
      { name: 'features.0.weight', ...t([1, 1, 1, 1], 3) },
      { name: 'features.1.weight', ...t([1], 2) },
      { name: 'features.1.bias', ...t([1], 0.5) },
      { name: 'features.1.running_mean', ...t([1], 4) },
      { name: 'features.1.running_var', ...t([1], 1) },
      { name: 'fc.weight', ...t([1, 1], 0.5) },
      { name: 'fc.bias', ...t([1], 0.25) },
    ];
    const { layers, padding } = layersFromStateDict(sd, 'sd.pt');
    expect(layers.map((l) => `${l.kind} ${l.name}`)).toEqual(['conv features.0', 'batchnorm features.1', 'dense fc']);
    expect(padding).toBeUndefined();
    const m = tinyModel();
    assignForeignWeights(m, layers, 'sd.pt');
    expect(predictTwo(m)).toBeCloseTo(0.5 * ((2 * (6 - 4)) / Math.sqrt(1 + 1e-5) + 0.5) + 0.25, 5);
    expect(() => layersFromStateDict([{ name: 'emb.weight', ...t([2], 1, 2) }], 'sd.pt')).toThrow(
      'sd.pt: module emb holds a weight of shape [2]; only convolutions, BatchNorm and linear layers are read',
    );
  });
});
