import { deriveSeed } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { imageFingerprint } from '../helpers/image_fingerprint';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { argmax, rows, topOneAgreement } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

/**
 * QuRD's AKH: `samples` test images the victim misclassifies (QuRD's RandomNegativeQueries), drawn
 * at random; QuRD fills a shortfall with CutMix and flips, which CIFAR-10 never needs at our victims'
 * accuracies (mini: ~3,300 wrong test images). QuRD sweeps 10-400 queries; 100 is our Table IV budget.
 */
const AKH_SETTINGS: Record<Budget, { samples: number }> = {
  tiny: { samples: 16 },
  mini: { samples: 100 },
  paper: { samples: 100 },
};

/** AKH (QuRD): the victim's wrong answers on test images; score = share of them the suspect repeats (1 − Hamming). */
export const akh: FingerprintMethod<{ indices: number[]; misclassified: number }> = {
  id: 'akh',
  name: 'AKH',
  description: "test images the victim misclassifies; score = agreement of the suspect's labels with the victim's",
  labelSpace: { kind: 'grouped' },
  needsHelpers: false,
  scoreIsMatchingRate: true,
  budgetable: { perQueryArrays: [] },
  settings: AKH_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, budget, seed }): Promise<Fingerprint<{ indices: number[]; misclassified: number }>> {
    const all = Array.from({ length: data.test.labels.length }, (_, i) => i);
    const answers = logitsOf(victim, imagesOf(data.test, all), all.length).map(argmax);
    const wrong = all.filter((i) => answers[i] !== data.test.labels[i]);
    if (wrong.length === 0)
      throw new Error('AKH needs test images the victim misclassifies; it classifies all correctly');
    const indices = pickIndices(wrong, AKH_SETTINGS[budget].samples, deriveSeed(seed, 'akh'));
    const inputs = imagesOf(data.test, indices);
    return imageFingerprint('akh', victim, inputs, data.test.numClasses, { indices, misclassified: wrong.length });
  },
  score(fp, suspect) {
    const victim = rows(fp.victimOutputs, fp.numClasses);
    const matchRate = topOneAgreement(victim, answersOf(fp, suspect));
    return { score: matchRate, matchRate };
  },
};
