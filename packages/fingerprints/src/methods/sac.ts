import { createRng, deriveSeed, permutation } from '@fpb/tensor';
import type { ImageDataset } from '@fpb/data';
import { answersOf } from '../label_space';
import { sacDistance } from '../identification/sac_correlation';
import { imageFingerprint } from '../helpers/image_fingerprint';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, BuildInputs, Fingerprint, FingerprintMethod, Verdict } from '../method';
import { IMAGE_SIZE, type Oracle } from '../oracle';
import { argmax, rows } from '../output_math';
import { imagesOf } from '../sampling';

const SAC_SETTINGS: Record<Budget, { samples: number }> = {
  tiny: { samples: 16 },
  mini: { samples: 100 },
  paper: { samples: 100 },
};

/**
 * SAC-w's inputs (the authors' correlation_wrong.py): test images that the victim and every surrogate
 * piracy model (the positive helpers) misclassify. When fewer than `count` are wrong for all of them,
 * those wrong for the victim fill up, then its least confident right answers; how many were common
 * is kept in the fingerprint's info.
 */
export function commonlyMisclassified(
  victim: BuildInputs['victim'],
  surrogates: BuildInputs['victim'][],
  test: ImageDataset,
  count: number,
): { indices: number[]; common: number } {
  const all = Array.from({ length: test.labels.length }, (_, i) => i);
  const images = imagesOf(test, all);
  const logits = logitsOf(victim, images, all.length);
  const wrongFor = (m: BuildInputs['victim']) => {
    const out = m === victim ? logits : logitsOf(m, images, all.length);
    return new Set(all.filter((i) => argmax(out[i]) !== test.labels[i]));
  };
  const victimWrong = wrongFor(victim);
  const surrogateWrong = surrogates.map(wrongFor);
  const common = all.filter((i) => victimWrong.has(i) && surrogateWrong.every((w) => w.has(i)));
  const margin = (i: number) =>
    logits[i][test.labels[i]] - Math.max(...logits[i].filter((_, k) => k !== test.labels[i]));
  const rest = [
    ...all.filter((i) => victimWrong.has(i) && !common.includes(i)),
    ...all.filter((i) => !victimWrong.has(i)).sort((a, b) => margin(a) - margin(b)),
  ];
  return { indices: [...common, ...rest].slice(0, count), common: Math.min(common.length, count) };
}

/** The CutMix box of the authors' cut_mix.py: side 0.2 x 32 = 6 pixels, its centre in the outer sixth of both axes. */
export function cornerBox(rng: () => number): { y0: number; y1: number; x0: number; x1: number } {
  const size = 32;
  const half = Math.floor(Math.floor(size * 0.2) / 2);
  const outer = (v: number) => !(size / 6 < v && v < (5 * size) / 6);
  let cy: number;
  let cx: number;
  do {
    cy = Math.floor(rng() * size);
    cx = Math.floor(rng() * size);
  } while (!(outer(cy) && outer(cx)));
  const clip = (v: number) => Math.max(0, Math.min(size, v));
  return { y0: clip(cy - half), y1: clip(cy + half), x0: clip(cx - half), x1: clip(cx + half) };
}

/**
 * SAC-m's inputs (the authors' cut_mix.py): the first `count` test images, each with one box (the
 * same for all, in a corner) filled from another of them (a random permutation).
 *
 * Orientation: cut_mix.py writes `imgs.transpose(1, 3)`, NCHW to N x W x H x C, and dataset.py reads
 * each entry back as an H x W x C image, so the authors' models see every CutMix image mirrored about
 * its diagonal. We query the images upright, as the paper describes them ("cut-mix augmented samples"
 * of the test set): the transposition is an artefact of saving, not part of the method, and a diagonal
 * mirror is a view no model in the zoo was trained on, which would test something other than SAC-m.
 */
export function cutMix(test: ImageDataset, count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const indices = Array.from({ length: Math.min(count, test.labels.length) }, (_, i) => i);
  const source = imagesOf(test, indices);
  const mixed = Float32Array.from(source);
  const partner = permutation(indices.length, rng);
  const box = cornerBox(rng);
  for (let n = 0; n < indices.length; n++)
    for (let y = box.y0; y < box.y1; y++)
      for (let x = box.x0; x < box.x1; x++)
        for (let c = 0; c < 3; c++) {
          const at = (y * 32 + x) * 3 + c;
          mixed[n * IMAGE_SIZE + at] = source[partner[n] * IMAGE_SIZE + at];
        }
  return mixed;
}

function sacScore(fp: Fingerprint, suspect: Oracle): Verdict {
  const distance = sacDistance(rows(fp.victimOutputs, fp.numClasses), answersOf(fp, suspect));
  return { score: -distance, details: { sacDistance: distance } };
}

export const sacW: FingerprintMethod<{ commonlyWrong: number }> = {
  id: 'sac-w',
  name: 'SAC-w',
  budgetable: { perQueryArrays: [] },
  paperTableFour: { cifar10: { 'SAC-w': { mir: 0.05, fir: 0.2 } }, cifar100: { 'SAC-w': { mir: 0.23, fir: 0.43 } } },
  description: 'sample correlation of the outputs on images that the victim and its surrogate copies misclassify',
  // A correlation matrix compares a model's outputs on two queries with each other only.
  labelSpace: { kind: 'any' },
  needsHelpers: true,
  scoreIsMatchingRate: false,
  settings: SAC_SETTINGS,
  buildVersion: 1,
  async build(b) {
    const picked = commonlyMisclassified(
      b.victim,
      b.helpers.positive.map((h) => h.model),
      b.data.test,
      SAC_SETTINGS[b.budget].samples,
    );
    b.log(`sac-w: ${picked.common} of ${picked.indices.length} images misclassified by the victim and every surrogate`);
    const inputs = imagesOf(b.data.test, picked.indices);
    return imageFingerprint('sac-w', b.victim, inputs, b.data.test.numClasses, { commonlyWrong: picked.common });
  },
  score: sacScore,
};

export const sacM: FingerprintMethod = {
  id: 'sac-m',
  name: 'SAC-m',
  budgetable: { perQueryArrays: [] },
  paperTableFour: { cifar10: { 'SAC-m': { mir: 0.21, fir: 0.1 } }, cifar100: { 'SAC-m': { mir: 0.61, fir: 0.52 } } },
  description: 'sample correlation of the outputs on CutMix images',
  labelSpace: { kind: 'any' },
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: SAC_SETTINGS,
  buildVersion: 1,
  async build(b) {
    const inputs = cutMix(b.data.test, SAC_SETTINGS[b.budget].samples, deriveSeed(b.seed, 'sac-m'));
    return imageFingerprint('sac-m', b.victim, inputs, b.data.test.numClasses, {});
  },
  score: sacScore,
};
