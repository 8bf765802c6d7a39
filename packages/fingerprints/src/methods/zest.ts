import { createRng, deriveSeed } from '@fpb/tensor';
import { imageFingerprint } from '../helpers/image_fingerprint';
import { leastSquares } from '../least_squares';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { IMAGE_SIZE } from '../oracle';
import { cosine, rows, softmax } from '../output_math';
import { imagesOf, pickImages } from '../sampling';
import { quickshift } from '../superpixels/quickshift';

/**
 * ZEST (Jia et al., "A Zest of LIME", 2022) as QuRD runs it: `beacons` test images, each cut into
 * quickshift superpixels (scikit-image's kernel_size 4, ratio 0.2, max_dist 200), and `samples`
 * images per beacon with a random half of its segments blacked out (the first keeps them all). The
 * paper explains 128 images with 1,000 samples each; 10 x 50 = 500 queries at mini is our choice.
 */
const ZEST_SETTINGS: Record<Budget, { beacons: number; samples: number }> = {
  tiny: { beacons: 2, samples: 16 },
  mini: { beacons: 10, samples: 50 },
  paper: { beacons: 32, samples: 100 },
};
const SEGMENTATION = { kernelSize: 4, ratio: 0.2, maxDist: 200 };

interface ZestInfo {
  indices: number[];
  /** Segments of each beacon. */
  segments: number[];
  samples: number;
}

/**
 * A model's LIME signature: per beacon, the least-squares weights of each segment's presence on each
 * class's probability over that beacon's samples (segments x classes), as QuRD's zlime_vector.
 */
export function limeWeights(fp: Fingerprint<ZestInfo>, outputs: Float32Array): number[][][] {
  const probabilities = rows(outputs, fp.numClasses).map(softmax);
  const widest = Math.max(...fp.info.segments);
  const masks = rows(fp.arrays.masks, widest);
  const { samples } = fp.info;
  return fp.info.segments.map((count, b) => {
    const span = [b * samples, (b + 1) * samples];
    const x = masks.slice(...span).map((m) => m.slice(0, count));
    return leastSquares(x, probabilities.slice(...span));
  });
}

/** Per beacon and class, the cosine of two signatures' weights over the segments; their mean (1 - QuRD's zlime_distance). */
export function limeSimilarity(a: number[][][], b: number[][][]): number {
  const sims = a.flatMap((weights, k) =>
    weights[0].map((_, c) =>
      cosine(
        weights.map((w) => w[c]),
        b[k].map((w) => w[c]),
      ),
    ),
  );
  return sims.reduce((s, v) => s + v, 0) / sims.length;
}

/** ZEST: score = mean cosine of the suspect's LIME weights to the victim's, class by class (a suspect in other labels: against the victim's grouped into them). */
export const zest: FingerprintMethod<ZestInfo> = {
  id: 'zest',
  name: 'ZEST',
  description:
    "LIME on quickshift superpixels of test images; score = cosine of the suspect's segment weights to the victim's",
  // LIME weights are linear in the probabilities: the grouped victim's are its weights summed per group.
  labelSpace: { kind: 'grouped' },
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: ZEST_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, budget, seed }) {
    const { beacons, samples } = ZEST_SETTINGS[budget];
    const indices = pickImages(data.test, beacons, deriveSeed(seed, 'zest'));
    const images = imagesOf(data.test, indices);
    const rng = createRng(deriveSeed(seed, 'zest-masks'));
    const labels = indices.map((_, b) =>
      quickshift(images.subarray(b * IMAGE_SIZE, (b + 1) * IMAGE_SIZE), 32, 32, SEGMENTATION, rng),
    );
    const segments = labels.map((l) => Math.max(...l) + 1);
    const widest = Math.max(...segments);
    const inputs = new Float32Array(beacons * samples * IMAGE_SIZE);
    const masks = new Float32Array(beacons * samples * widest);
    for (let b = 0; b < beacons; b++)
      for (let s = 0; s < samples; s++) {
        const q = b * samples + s;
        const on = Array.from({ length: segments[b] }, () => s === 0 || rng() < 0.5);
        on.forEach((v, k) => (masks[q * widest + k] = v ? 1 : 0));
        for (let p = 0; p < 1024; p++)
          if (on[labels[b][p]])
            for (let ch = 0; ch < 3; ch++) inputs[q * IMAGE_SIZE + p * 3 + ch] = images[b * IMAGE_SIZE + p * 3 + ch];
      }
    const fp = imageFingerprint('zest', victim, inputs, data.test.numClasses, { indices, segments, samples });
    return { ...fp, arrays: { masks } };
  },
  score(fp, suspect) {
    const victimWeights = limeWeights(fp, fp.victimOutputs);
    const suspectWeights = limeWeights(fp, suspect.query(fp.inputs, fp.count));
    return { score: limeSimilarity(victimWeights, suspectWeights) };
  },
};
