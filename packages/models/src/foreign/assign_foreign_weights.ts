import { tf } from '@fpb/tensor';
import { permutedValues } from '../permuted_values';
import { describeForeignLayer, type ForeignLayer, type WeightTensor } from './foreign_layers';
import { runningOrder } from './running_order';

const WEIGHT_LAYERS = new Set(['Conv2D', 'DepthwiseConv2D', 'BatchNormalization', 'Dense']);

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const asTensor = (w: WeightTensor) => tf.tensor(w.values, w.shape);
const zeros = (n: number) => ({ shape: [n], values: new Float32Array(n) });

/**
 * Puts another framework's weights into `model`, layer by layer in running order, after checking
 * each pair's shapes; one line names the first pair that does not fit or what is left over. A
 * convolution whose BatchNorm the exporter folded into it (a Conv with a bias and no BatchNorm after
 * it) fills the model's BatchNorm with the bias and unit statistics; a bias before a BatchNorm moves
 * into its mean. BatchNorm epsilons that differ move into the variance. Returns how many BatchNorms
 * were folded: their statistics are lost, which matters once a model derived from it trains them.
 */
export function assignForeignWeights(
  model: tf.LayersModel,
  foreign: readonly ForeignLayer[],
  source: string,
): { foldedBatchNorms: number } {
  const layers = [...foreign]; // a bias moved into the next BatchNorm changes that entry
  const targets = layersInRunningOrder(model).filter((l) => WEIGHT_LAYERS.has(l.getClassName()));
  let j = 0;
  let foldedBatchNorms = 0;
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i];
    const from = layers[j++];
    const misfit = (why: string) =>
      new Error(
        `${source}: its weight layer ${j} ${from ? describeForeignLayer(from) : '(none left)'} does not fit ${model.name}'s ${describeTarget(target)}: ${why}`,
      );
    if (!from) throw misfit(`the file has ${layers.length} weight layers, ${model.name} more`);
    const values = valuesFor(target, from, misfit);
    const next = targets[i + 1];
    if (from.kind === 'conv' && from.bias) {
      if (next?.getClassName() !== 'BatchNormalization') throw misfit('its bias has no BatchNorm to go into');
      const followedByBn = layers[j]?.kind === 'batchnorm';
      if (!followedByBn) {
        tf.tidy(() => next.setWeights(foldedBatchNorm(next, from.bias!).map(asTensor)));
        i++;
        foldedBatchNorms++;
      } else {
        const bn = layers[j] as Extract<ForeignLayer, { kind: 'batchnorm' }>;
        layers[j] = { ...bn, mean: minus(bn.mean, from.bias) };
      }
    }
    tf.tidy(() => target.setWeights(values.map(asTensor)));
  }
  if (j < layers.length)
    throw new Error(
      `${source}: ${layers.length - j} weight layers are left over after ${model.name}'s last (from ${describeForeignLayer(layers[j])}): it is not this architecture`,
    );
  return { foldedBatchNorms };
}

/** The model's layers in running order (tfjs's own list orders by depth, interleaving branches). */
const layersInRunningOrder = (model: tf.LayersModel) =>
  runningOrder(
    model.outputs.map((o) => o.sourceLayer),
    (layer) => layer.inboundNodes[0]?.inboundLayers ?? [],
  );

const describeTarget = (l: tf.layers.Layer) =>
  `${l.name} (${l.getClassName()} ${l
    .getWeights()
    .map((w) => `[${w.shape.join(', ')}]`)
    .join(' ')})`;

/** A target layer's weights, in tfjs's order and layout, from a foreign layer of the same kind. */
function valuesFor(target: tf.layers.Layer, from: ForeignLayer, misfit: (why: string) => Error): WeightTensor[] {
  const expected = target.getWeights().map((w) => w.shape);
  const check = (got: WeightTensor[]) => {
    const bad = got.findIndex((w, k) => !same(w.shape, expected[k]));
    if (got.length !== expected.length || bad >= 0) throw misfit('the shapes differ');
    return got;
  };
  const kind = target.getClassName();
  switch (from.kind) {
    case 'conv': {
      if (kind !== 'Conv2D' && kind !== 'DepthwiseConv2D') throw misfit('a convolution where it has none');
      // OIHW -> HWIO; a depthwise [C, 1, kh, kw] -> [kh, kw, C, 1].
      return check([permute(from.weight, kind === 'Conv2D' ? [2, 3, 1, 0] : [2, 3, 0, 1])]);
    }
    case 'batchnorm': {
      if (kind !== 'BatchNormalization') throw misfit('a BatchNorm where it has none');
      const epsilon = (target.getConfig() as { epsilon: number }).epsilon;
      const variance = from.variance.values.map((v) => v + from.epsilon - epsilon);
      return check([from.scale, from.bias, from.mean, { shape: from.variance.shape, values: variance }]);
    }
    case 'dense': {
      if (kind !== 'Dense') throw misfit('a linear layer where it has none');
      const out = from.weight.shape[0];
      return check([permute(from.weight, [1, 0]), from.bias ?? zeros(out)].slice(0, expected.length));
    }
  }
}

/** A BatchNorm that adds `bias` and changes nothing else (its exporter folded it into the conv). */
function foldedBatchNorm(bn: tf.layers.Layer, bias: WeightTensor): WeightTensor[] {
  const epsilon = (bn.getConfig() as { epsilon: number }).epsilon;
  const n = bias.shape[0];
  return [
    { shape: [n], values: new Float32Array(n).fill(1) },
    bias,
    zeros(n),
    { shape: [n], values: new Float32Array(n).fill(1 - epsilon) },
  ];
}

const minus = (a: WeightTensor, b: WeightTensor): WeightTensor => ({
  shape: a.shape,
  values: a.values.map((v, k) => v - b.values[k]),
});

function permute(w: WeightTensor, perm: number[]): WeightTensor {
  const t = asTensor(w);
  const out = permutedValues(t, perm);
  t.dispose();
  return out;
}
