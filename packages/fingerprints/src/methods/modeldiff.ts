import { pgdAttack } from '@fpb/models';
import { deriveSeed, tf } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { imageFingerprint } from '../helpers/image_fingerprint';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { IMAGE_SHAPE } from '../oracle';
import { argmax, cosine, rows } from '../output_math';
import { imagesOf, pickImages } from '../sampling';

/**
 * ModelDiff as QuRD runs it (AdversarialQueries + DecisionDistanceVector + cosine): `seeds` random
 * test images and one PGD image of each against the victim's own label (foolbox's L-inf PGD: eps 0.03,
 * 40 steps of eps x 0.01/0.3, random start). Half the queries are seeds, half their adversarials;
 * 100 pairs (200 queries) is our choice of budget, in QuRD's 10-400 range.
 */
const MODELDIFF_SETTINGS: Record<Budget, { seeds: number; eps: number; steps: number }> = {
  tiny: { seeds: 8, eps: 0.03, steps: 10 },
  mini: { seeds: 100, eps: 0.03, steps: 40 },
  paper: { seeds: 100, eps: 0.03, steps: 40 },
};

/** A model's decision distance vector: per pair, 1 - cosine of its outputs on the seed and on its adversarial. */
export function decisionDistanceVector(outputs: number[][]): number[] {
  const pairs = outputs.length / 2;
  return Array.from({ length: pairs }, (_, i) => 1 - cosine(outputs[i], outputs[pairs + i]));
}

/** ModelDiff (QuRD): score = cosine similarity of the suspect's decision distance vector to the victim's. */
export const modelDiff: FingerprintMethod<{ indices: number[] }> = {
  id: 'modeldiff',
  name: 'ModelDiff',
  description: "PGD pairs around test images; score = cosine of the suspect's decision distance vector to the victim's",
  // A decision distance compares a model's outputs on a pair with each other only.
  labelSpace: { kind: 'any' },
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: MODELDIFF_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, budget, seed }): Promise<Fingerprint<{ indices: number[] }>> {
    const { seeds, eps, steps } = MODELDIFF_SETTINGS[budget];
    const indices = pickImages(data.test, seeds, deriveSeed(seed, 'modeldiff'));
    const images = imagesOf(data.test, indices);
    const labels = logitsOf(victim, images, indices.length).map(argmax);
    const adversarial = tf.tidy(() => {
      const x = tf.tensor4d(images, [indices.length, ...IMAGE_SHAPE]);
      const attacked = pgdAttack(victim, x, tf.tensor1d(labels, 'int32'), {
        eps,
        alpha: (eps * 0.01) / 0.3,
        steps,
        seed: deriveSeed(seed, 'modeldiff-pgd'),
      });
      return attacked.dataSync() as Float32Array;
    });
    const inputs = new Float32Array(images.length * 2);
    inputs.set(images);
    inputs.set(adversarial, images.length);
    return imageFingerprint('modeldiff', victim, inputs, data.test.numClasses, { indices });
  },
  score(fp, suspect) {
    const victimDdv = decisionDistanceVector(rows(fp.victimOutputs, fp.numClasses));
    const suspectDdv = decisionDistanceVector(answersOf(fp, suspect));
    return { score: cosine(victimDdv, suspectDdv) };
  },
};
