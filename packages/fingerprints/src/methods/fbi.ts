import { deriveSeed } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { imageFingerprint } from '../helpers/image_fingerprint';
import { normalisedMutualInformation } from '../identification/mutual_information';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { argmax, rows, topOneAgreement } from '../output_math';
import { imagesOf, pickImages } from '../sampling';

/** FBI's benign inputs: random test images. 100 at mini and paper, our Table IV budget. */
const FBI_SETTINGS: Record<Budget, { samples: number }> = {
  tiny: { samples: 32 },
  mini: { samples: 100 },
  paper: { samples: 100 },
};

/**
 * FBI (Maho et al., fingerprinting with benign inputs): the suspect's top-1 labels on benign images
 * against the victim's; score = their mutual information, divided by the entropy of the victim's
 * labels, so a copy whose classes are renamed still scores 1. The matching rate is kept beside it.
 */
export const fbi: FingerprintMethod<{ indices: number[] }> = {
  id: 'fbi',
  name: 'FBI',
  description: "random test images; score = mutual information of the suspect's and the victim's labels / H(victim)",
  // Mutual information needs no shared naming of the labels, nor as many of them.
  labelSpace: { kind: 'any' },
  needsHelpers: false,
  scoreIsMatchingRate: false,
  budgetable: { perQueryArrays: [] },
  settings: FBI_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, budget, seed }): Promise<Fingerprint<{ indices: number[] }>> {
    const indices = pickImages(data.test, FBI_SETTINGS[budget].samples, deriveSeed(seed, 'fbi'));
    const inputs = imagesOf(data.test, indices);
    return imageFingerprint('fbi', victim, inputs, data.test.numClasses, { indices });
  },
  score(fp, suspect) {
    const victim = rows(fp.victimOutputs, fp.numClasses);
    const answers = answersOf(fp, suspect);
    const score = normalisedMutualInformation(victim.map(argmax), answers.map(argmax));
    // Top-1 agreement means something only where both answer in the same labels.
    const matchRate = suspect.numClasses === fp.numClasses ? topOneAgreement(victim, answers) : undefined;
    return { score, matchRate, details: { normalisedMutualInformation: score } };
  },
};
