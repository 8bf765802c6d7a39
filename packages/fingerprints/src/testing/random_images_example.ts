// The "adding a baseline" example of the README, kept as a file so a test builds and scores it.
import { logitsOf } from '../helpers/model_outputs';
import { answersOf } from '../label_space';
import type { FingerprintMethod } from '../method';
import { rows, topOneAgreement } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

const SETTINGS = { tiny: { n: 10 }, mini: { n: 100 }, paper: { n: 100 } };

export const randomImages: FingerprintMethod<{ indices: number[] }> = {
  id: 'random',
  name: 'Random test images',
  description: 'matching rate on random test images',
  // Compared label by label: a suspect with other labels is compared with the victim's grouped into them.
  labelSpace: { kind: 'grouped' },
  needsHelpers: false,
  scoreIsMatchingRate: true,
  settings: SETTINGS,
  buildVersion: 1,
  async build({ victim, data, budget, seed }) {
    const n = SETTINGS[budget].n;
    const indices = pickIndices(Array.from(data.test.labels.keys()), n, seed);
    const inputs = imagesOf(data.test, indices);
    return {
      method: 'random',
      count: n,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, n).flat()),
      numClasses: data.test.numClasses, // 10 on CIFAR-10, 100 on CIFAR-100
      arrays: {},
      info: { indices },
    };
  },
  score(fp, suspect) {
    const victim = rows(fp.victimOutputs, fp.numClasses);
    const m = topOneAgreement(victim, answersOf(fp, suspect));
    return { score: m, matchRate: m };
  },
};
