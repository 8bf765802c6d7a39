import { addWeightNoise, pruneWeights } from '@fpb/models';
import { deriveSeed, tf } from '@fpb/tensor';

/**
 * Augmented copies of a model (MetaFinger's model augmentation; the victim's copies are MetaV's and
 * FUAP's positive models): alternately weight pruning and weight noise of growing strength, seeded.
 * A victim's copies stand for post-processed piracy models without touching the suspects that will be
 * evaluated; a helper's copies stay on its side.
 */
export async function modelVariants(victim: tf.LayersModel, count: number, seed: number): Promise<tf.LayersModel[]> {
  const variants: tf.LayersModel[] = [];
  for (let i = 0; i < count; i++) {
    const copy = await tf.models.modelFromJSON({ modelTopology: victim.toJSON(null, false) } as tf.io.ModelJSON);
    copy.setWeights(victim.getWeights());
    const strength = (Math.floor(i / 2) + 1) / (Math.ceil(count / 2) + 1);
    if (i % 2 === 0) pruneWeights(copy, 0.5 * strength);
    else addWeightNoise(copy, 0.3 * strength, deriveSeed(seed, 'victim-variant', i));
    variants.push(copy);
  }
  return variants;
}
