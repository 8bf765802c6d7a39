import { createRng, deriveSeed } from '@fpb/tensor';
import type { ImageDataset } from '@fpb/data';
import { sacDistance } from '../identification/sac_correlation';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, BuildInputs, Fingerprint, FingerprintMethod, Verdict } from '../method';
import { IMAGE_SIZE, type Oracle } from '../oracle';
import { argmax, rows } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

const SAC_SETTINGS: Record<Budget, { samples: number }> = {
  tiny: { samples: 16 },
  mini: { samples: 50 },
  paper: { samples: 100 },
};

/** SAC-w's inputs: test images the victim gets wrong; the least confident right ones fill up when too few are wrong. */
function misclassified(victim: BuildInputs['victim'], test: ImageDataset, count: number): number[] {
  const all = Array.from({ length: test.labels.length }, (_, i) => i);
  const logits = logitsOf(victim, imagesOf(test, all), all.length);
  const margin = (i: number) => {
    const row = logits[i];
    const y = test.labels[i];
    return row[y] - Math.max(...row.filter((_, k) => k !== y));
  };
  const wrong = all.filter((i) => argmax(logits[i]) !== test.labels[i]);
  const right = all.filter((i) => argmax(logits[i]) === test.labels[i]).sort((a, b) => margin(a) - margin(b));
  return [...wrong, ...right].slice(0, count);
}

/** SAC-m's inputs: CutMix pairs of test images (a random box of one pasted into another). */
function cutMix(test: ImageDataset, count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const a = imagesOf(
    test,
    pickIndices(
      Array.from({ length: test.labels.length }, (_, i) => i),
      count,
      deriveSeed(seed, 'a'),
    ),
  );
  const b = imagesOf(
    test,
    pickIndices(
      Array.from({ length: test.labels.length }, (_, i) => i),
      count,
      deriveSeed(seed, 'b'),
    ),
  );
  for (let n = 0; n < count; n++) {
    // Box side from sqrt(1 - lambda) with lambda ~ U(0, 1), as in CutMix with alpha = 1.
    const side = Math.round(32 * Math.sqrt(1 - rng()));
    const y0 = Math.floor(rng() * (33 - side));
    const x0 = Math.floor(rng() * (33 - side));
    for (let y = y0; y < y0 + side; y++)
      for (let x = x0; x < x0 + side; x++)
        for (let c = 0; c < 3; c++) a[n * IMAGE_SIZE + (y * 32 + x) * 3 + c] = b[n * IMAGE_SIZE + (y * 32 + x) * 3 + c];
  }
  return a;
}

function sacScore(fp: Fingerprint, suspect: Oracle): Verdict {
  const distance = sacDistance(
    rows(fp.victimOutputs, fp.numClasses),
    rows(suspect.query(fp.inputs, fp.count), fp.numClasses),
  );
  return { score: -distance, details: { sacDistance: distance } };
}

function sacFingerprint(method: string, inputs: Float32Array, b: BuildInputs): Fingerprint {
  const count = inputs.length / IMAGE_SIZE;
  return {
    method,
    count,
    inputs,
    victimOutputs: Float32Array.from(logitsOf(b.victim, inputs, count).flat()),
    numClasses: b.data.test.numClasses,
    arrays: {},
    info: {},
  };
}

export const sacW: FingerprintMethod = {
  id: 'sac-w',
  name: 'SAC-w',
  description: 'sample correlation of the outputs on images the victim misclassifies',
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: SAC_SETTINGS,
  async build(b) {
    return sacFingerprint(
      'sac-w',
      imagesOf(b.data.test, misclassified(b.victim, b.data.test, SAC_SETTINGS[b.budget].samples)),
      b,
    );
  },
  score: sacScore,
};

export const sacM: FingerprintMethod = {
  id: 'sac-m',
  name: 'SAC-m',
  description: 'sample correlation of the outputs on CutMix images',
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: SAC_SETTINGS,
  async build(b) {
    return sacFingerprint('sac-m', cutMix(b.data.test, SAC_SETTINGS[b.budget].samples, deriveSeed(b.seed, 'sac-m')), b);
  },
  score: sacScore,
};
