import type { ImageDataset } from '@fpb/data';
import { engineVariables, trainModel, type TrainConfigInput, type TrainResult } from '@fpb/models';
import type { tf } from '@fpb/tensor';

/** The variables of a layer (LayerVariable -> the engine's Variable). */
export function layerVariables(model: tf.LayersModel, layerName: string): tf.Variable[] {
  return engineVariables(model.getLayer(layerName).trainableWeights);
}

/**
 * Fine-tuning a stolen victim on the adversary's data X_p: `last` trains only the `logits` layer on
 * top of the frozen network (batch-norm statistics frozen too), `all` trains every layer.
 */
export function fineTune(
  model: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  layers: 'last' | 'all',
  config: TrainConfigInput,
): Promise<TrainResult> {
  if (layers === 'all') return trainModel(model, data, config, { indices });
  return trainModel(model, data, config, { indices, variables: layerVariables(model, 'logits'), trainingMode: false });
}
