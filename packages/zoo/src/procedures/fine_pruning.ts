import { batchIndices, makeBatch, type ImageDataset } from '@fpb/data';
import { engineVariables, trainModel, type TrainConfigInput, type TrainResult } from '@fpb/models';
import { tf } from '@fpb/tensor';

/**
 * The feature map fine-pruning prunes: the last layer's activations before global pooling (every
 * architecture here ends conv features -> global average pooling `pool` -> dense `logits`). In a
 * ResNet that is the final block's output, shortcut included: pruning only the last residual-branch
 * conv would leave its channels alive through the shortcut.
 */
export function finalFeatureLayer(model: tf.LayersModel): tf.layers.Layer {
  const pool = model.getLayer('pool');
  const inbound = pool.inboundNodes[0]?.inboundLayers as tf.layers.Layer[] | undefined;
  if (!inbound || inbound.length !== 1)
    throw new Error(`model ${model.name} has no single feature map before its pool layer`);
  return inbound[0];
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
 * Removes channels of the final feature map: after global average pooling each channel reaches the
 * output only through its row of the `logits` kernel, so zeroing that row removes the channel from
 * the network entirely. Returns a function that re-applies the mask (fine-tuning would otherwise
 * revive the channels).
 */
export function pruneFeatureChannels(model: tf.LayersModel, channels: number[]): () => void {
  const kernel = engineVariables([model.getLayer('logits').trainableWeights[0]])[0];
  const [inputs] = kernel.shape;
  const keep = tf.tensor2d(
    Array.from({ length: inputs }, (_, c) => (channels.includes(c) ? 0 : 1)),
    [inputs, 1],
  );
  const apply = () => tf.tidy(() => kernel.assign(tf.mul(kernel, keep)));
  apply();
  return apply;
}

/**
 * Fine-pruning (Liu et al.): the channels of the last feature map that stay most dormant on clean
 * data (X_p, the adversary's own) are pruned, then the model is fine-tuned with them held at zero.
 */
export async function finePrune(
  model: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  ratio: number,
  config: TrainConfigInput,
): Promise<{ pruned: number[]; layer: string; result: TrainResult }> {
  const layer = finalFeatureLayer(model);
  const pruned = channelsToPrune(channelActivations(model, layer, data, indices), ratio);
  const reapply = pruneFeatureChannels(model, pruned);
  const result = await trainModel(model, data, config, { indices, afterStep: reapply });
  return { pruned, layer: layer.name, result };
}
