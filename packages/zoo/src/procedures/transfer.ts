import type { ImageDataset } from '@fpb/data';
import { trainModel, type TrainConfigInput, type TrainResult } from '@fpb/models';
import type { tf } from '@fpb/tensor';
import { layerVariables } from './finetune';

/**
 * Puts every layer of `source` but its `logits` head into `target`, a model of the same architecture
 * with another number of outputs. Layers pair by position: tfjs numbers auto-named layers per process,
 * so two builds of one architecture need not share their names.
 */
export function copyBody(source: tf.LayersModel, target: tf.LayersModel): void {
  if (source.layers.length !== target.layers.length)
    throw new Error(`copyBody: ${source.layers.length} layers against ${target.layers.length}`);
  source.layers.forEach((layer, i) => {
    if (layer.name !== 'logits') target.layers[i].setWeights(layer.getWeights());
  });
}

/**
 * Transfer learning as an adversary re-using a stolen model for a task of their own: the victim's body
 * under a new head, the head trained alone (body and BatchNorm statistics frozen) as `head` says,
 * then every layer fine-tuned for the config's epochs, on `data` (X_p with its labels regrouped).
 */
export async function transferLearn(
  model: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  head: { epochs: number; learningRate: number },
  config: TrainConfigInput,
): Promise<TrainResult> {
  const headOnly = await trainModel(
    model,
    data,
    { ...config, ...head },
    { indices, variables: layerVariables(model, 'logits'), trainingMode: false },
  );
  const body = await trainModel(model, data, config, { indices });
  return {
    config: body.config,
    epochs: [...headOnly.epochs, ...body.epochs],
    seconds: headOnly.seconds + body.seconds,
  };
}
