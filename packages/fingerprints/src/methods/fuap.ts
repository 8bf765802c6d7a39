import { deriveSeed, tf } from '@fpb/tensor';
import { deepFool } from '../attacks/deepfool';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, FingerprintMethod } from '../method';
import { IMAGE_SIZE } from '../oracle';
import { argmax, cosine, rows, softmax, topOneAgreement } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

interface FuapSettings {
  /** Images the universal perturbation is fitted on. */
  pool: number;
  /** Fingerprint images (those images plus the perturbation). */
  samples: number;
  /** L2 bound of the perturbation (images in [0, 1]). */
  radius: number;
  passes: number;
}

const FUAP_SETTINGS: Record<Budget, FuapSettings> = {
  tiny: { pool: 12, samples: 16, radius: 4, passes: 1 },
  mini: { pool: 60, samples: 100, radius: 4, passes: 2 },
  paper: { pool: 500, samples: 100, radius: 4, passes: 5 },
};

const addClipped = (x: Float32Array, v: Float32Array) =>
  x.map((value, i) => Math.min(1, Math.max(0, value + v[i % IMAGE_SIZE])));

/**
 * A universal adversarial perturbation (Moosavi-Dezfooli et al. 2017): visit the pool; whenever x + v
 * keeps its label, add DeepFool's perturbation of x + v to v and project v back onto the L2 ball.
 */
export function universalPerturbation(
  victim: tf.LayersModel,
  pool: Float32Array,
  count: number,
  s: FuapSettings,
): { v: Float32Array; foolingRate: number } {
  let v = new Float32Array(IMAGE_SIZE);
  const clean = logitsOf(victim, pool, count).map(argmax);
  for (let pass = 0; pass < s.passes; pass++) {
    for (let i = 0; i < count; i++) {
      const x = addClipped(pool.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), v);
      if (argmax(logitsOf(victim, x, 1)[0]) !== clean[i]) continue;
      const { perturbations, flipped } = deepFool(victim, x, 1, { maxIterations: 20 });
      if (!flipped[0]) continue;
      v = v.map((value, p) => value + perturbations[p]);
      const norm = Math.hypot(...v);
      if (norm > s.radius) v = v.map((value) => (value * s.radius) / norm);
    }
  }
  const fooled = logitsOf(victim, addClipped(pool, v), count).filter((row, i) => argmax(row) !== clean[i]).length;
  return { v, foolingRate: fooled / count };
}

export const fuap: FingerprintMethod = {
  id: 'fuap',
  name: 'FUAP',
  // The paper scores with a small contrastive encoder; we compare the softmax outputs directly.
  description:
    'images plus a universal adversarial perturbation of the victim; score = mean cosine similarity of victim and suspect softmax outputs',
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: FUAP_SETTINGS,
  async build({ victim, data, budget, seed }) {
    const s = FUAP_SETTINGS[budget];
    const all = Array.from({ length: data.test.labels.length }, (_, i) => i);
    const poolIndices = pickIndices(all, s.pool, deriveSeed(seed, 'fuap-pool'));
    const { v, foolingRate } = universalPerturbation(victim, imagesOf(data.test, poolIndices), poolIndices.length, s);
    const sampleIndices = pickIndices(
      all.filter((i) => !poolIndices.includes(i)),
      s.samples,
      deriveSeed(seed, 'fuap-samples'),
    );
    const inputs = addClipped(imagesOf(data.test, sampleIndices), v);
    const count = sampleIndices.length;
    return {
      method: 'fuap',
      count,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, count).flat()),
      numClasses: data.test.numClasses,
      arrays: { perturbation: v },
      info: { foolingRate, perturbationNorm: Math.hypot(...v) },
    };
  },
  score(fp, suspect) {
    const victim = rows(fp.victimOutputs, fp.numClasses);
    const outputs = rows(suspect.query(fp.inputs, fp.count), fp.numClasses);
    // Cosine of two probability vectors lies in [0, 1].
    const similarity = victim.reduce((sum, row, i) => sum + cosine(softmax(row), softmax(outputs[i])), 0) / fp.count;
    return { score: similarity, matchRate: topOneAgreement(victim, outputs) };
  },
};
