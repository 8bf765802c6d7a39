import { readdirSync } from 'node:fs';
import { initBackend, tf } from '@fpb/tensor';
import { ARCHITECTURES, getArchitecture } from './registry';

beforeAll(() => initBackend('wasm', () => undefined));

describe.each(ARCHITECTURES.map((a) => [a.name, a] as const))('architecture %s', (_name, arch) => {
  // ResNet-18 at its paper width is large; the shapes and behaviour are the same at width 8.
  const width = arch.name === 'resnet18' ? 8 : undefined;

  it('maps a batch of 32x32x3 images to one logit per class, ending in the `logits` layer', () => {
    const model = arch.build({ numClasses: 7, seed: 1, width });
    const out = tf.tidy(() => (model.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor).shape);
    expect(out).toEqual([2, 7]);
    expect(model.layers[model.layers.length - 1].name).toBe('logits');
    model.dispose();
  });

  it('the same seed gives the same initial weights, another seed others', () => {
    const a = arch.build({ numClasses: 10, seed: 3, width });
    const b = arch.build({ numClasses: 10, seed: 3, width });
    const c = arch.build({ numClasses: 10, seed: 4, width });
    const first = (m: tf.LayersModel) => Array.from(m.getWeights()[0].dataSync().slice(0, 20));
    expect(first(a)).toEqual(first(b));
    expect(first(c)).not.toEqual(first(a));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('trains on wasm: one SGD step lowers the loss on a fixed batch', () => {
    const model = arch.build({ numClasses: 4, seed: 1, width });
    const x = tf.randomUniform([8, 32, 32, 3], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
    const opt = tf.train.sgd(0.05);
    const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
    const before = tf.tidy(() => loss().dataSync()[0]);
    for (let i = 0; i < 3; i++) opt.minimize(loss);
    const after = tf.tidy(() => loss().dataSync()[0]);
    expect(after).toBeLessThan(before);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  });
});

describe('architecture registry', () => {
  it('has the ResNets for the victim and other families for "different architecture"', () => {
    expect(ARCHITECTURES.map((a) => a.name)).toEqual([
      'resnet8',
      'resnet20',
      'resnet18',
      'densenet',
      'vgg',
      'mobilenet',
    ]);
    expect(new Set(ARCHITECTURES.map((a) => a.family))).toEqual(new Set(['resnet', 'densenet', 'vgg', 'mobilenet']));
  });

  it('registers every architecture file in the folder', () => {
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const helpers = ['architecture.ts', 'layer_factory.ts', 'registry.ts'];
    const families = new Set(ARCHITECTURES.map((a) => a.family));
    for (const f of files.filter((x) => !helpers.includes(x))) expect(families).toContain(f.replace('.ts', ''));
  });

  it('an unknown name lists the known ones', () => {
    expect(() => getArchitecture('resnet50')).toThrow(
      "unknown architecture 'resnet50'; known: resnet8, resnet20, resnet18, densenet, vgg, mobilenet",
    );
  });

  it('ResNet depth follows 6n+2: resnet20 has three times the blocks of resnet8', () => {
    const count = (name: string) =>
      getArchitecture(name)
        .build({ numClasses: 10, seed: 0, width: 4 })
        .layers.filter((l) => l.name.endsWith('_add')).length;
    expect(count('resnet8')).toBe(3);
    expect(count('resnet20')).toBe(9);
    expect(count('resnet18')).toBe(8);
  });
});
