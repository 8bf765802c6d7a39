import { batchIndices, makeBatch, type ImageDataset } from '@fpb/data';
import { engineVariables, trainModel, type TrainConfigInput, type TrainResult } from '@fpb/models';
import { tf } from '@fpb/tensor';

/**
 * The last conv layer, the one fine-pruning prunes: the Conv2D deepest in the graph (longest path
 * from the input), so a ResNet's final residual-branch conv wins over its shortcut projection.
 */
export function lastConvLayer(model: tf.LayersModel): tf.layers.Layer {
  const depth = new Map<string, number>();
  const depthOf = (layer: tf.layers.Layer): number => {
    const known = depth.get(layer.name);
    if (known !== undefined) return known;
    const parents = (layer.inboundNodes[0]?.inboundLayers ?? []) as tf.layers.Layer[];
    const d = parents.length === 0 ? 0 : 1 + Math.max(...parents.map(depthOf));
    depth.set(layer.name, d);
    return d;
  };
  const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
  if (convs.length === 0) throw new Error(`model ${model.name} has no Conv2D layer to prune`);
  return convs.reduce((best, l) => (depthOf(l) > depthOf(best) ? l : best));
}

/** Mean absolute activation of each output channel of `layer` over the images at `indices`. */
export function channelActivations(
  model: tf.LayersModel,
  layer: tf.layers.Layer,
  data: ImageDataset,
  indices: ArrayLike<number>,
): Float32Array {
  const probe = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  const channels = (layer.output as tf.SymbolicTensor).shape[3] as number;
  const sums = new Float64Array(channels);
  let count = 0;
  for (const b of batchIndices(indices, 128)) {
    const batch = makeBatch(data, b);
    const means = tf.tidy(() =>
      tf.sum(tf.mean(tf.abs(probe.predict(tf.tensor4d(batch.x, [batch.size, 32, 32, 3])) as tf.Tensor), [1, 2]), 0),
    );
    means.dataSync().forEach((v, c) => (sums[c] += v));
    means.dispose();
    count += batch.size;
  }
  return Float32Array.from(sums, (s) => s / Math.max(1, count));
}

/** Indices of the `round(ratio * n)` channels with the lowest activation (ties: lower index first). */
export function channelsToPrune(activations: Float32Array, ratio: number): number[] {
  const n = Math.round(ratio * activations.length);
  return Array.from(activations, (a, c) => ({ a, c }))
    .sort((x, y) => x.a - y.a || x.c - y.c)
    .slice(0, n)
    .map((x) => x.c);
}

/**
 * Zeroes the output channels of a conv layer and, when the conv is followed by its batch-norm
 * (`<name>_conv` -> `<name>_bn`), that channel's scale and offset, so the channel is dead. Returns a
 * function that re-applies the mask (fine-tuning would otherwise revive the channels).
 */
export function pruneChannels(model: tf.LayersModel, conv: tf.layers.Layer, channels: number[]): () => void {
  const bnName = conv.name.replace(/_conv$/, '_bn');
  const bn =
    bnName !== conv.name
      ? model.layers.find((l) => l.name === bnName && l.getClassName() === 'BatchNormalization')
      : undefined;
  const out = (conv.output as tf.SymbolicTensor).shape[3] as number;
  const keep = tf.tensor1d(Array.from({ length: out }, (_, c) => (channels.includes(c) ? 0 : 1)));
  const targets = engineVariables([conv.trainableWeights[0], ...(bn ? bn.trainableWeights : [])]); // kernel; gamma, beta
  const apply = () => tf.tidy(() => targets.forEach((v) => v.assign(tf.mul(v, keep)))); // the channel axis is last in both
  apply();
  return apply;
}

/** Fine-pruning (Liu et al.): prune the least active channels of the last conv layer on X_p, then fine-tune with them held at zero. */
export async function finePrune(
  model: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  ratio: number,
  config: TrainConfigInput,
): Promise<{ pruned: number[]; layer: string; result: TrainResult }> {
  const layer = lastConvLayer(model);
  const pruned = channelsToPrune(channelActivations(model, layer, data, indices), ratio);
  const reapply = pruneChannels(model, layer, pruned);
  const result = await trainModel(model, data, config, { indices, afterStep: reapply });
  return { pruned, layer: layer.name, result };
}
