import type { tf } from '@fpb/tensor';
import type { ConvPadding } from '../architectures/architecture';
import { getArchitecture } from '../architectures/registry';
import { assignForeignWeights } from './assign_foreign_weights';
import type { ForeignLayer } from './foreign_layers';

export interface ForeignModelOptions {
  architecture: string;
  width: number;
  numClasses: number;
  padding: ConvPadding;
  /** Names the file in errors. */
  source: string;
}

/**
 * One of this project's architectures carrying another framework's weights: built (its own
 * initial weights do not matter), then every weight layer overwritten by the file's, in order.
 */
export function foreignModel(
  layers: readonly ForeignLayer[],
  o: ForeignModelOptions,
): { model: tf.LayersModel; foldedBatchNorms: number } {
  const model = getArchitecture(o.architecture).build({
    numClasses: o.numClasses,
    seed: 0,
    width: o.width,
    padding: o.padding,
  });
  try {
    return { model, ...assignForeignWeights(model, layers, o.source) };
  } catch (e) {
    model.dispose();
    throw e;
  }
}
