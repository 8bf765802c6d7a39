import { deriveSeed, tf } from '@fpb/tensor';
import { klFromLogits } from '../helpers/kl';
import { logitsOf, selectImages } from '../helpers/model_outputs';
import { screenCandidates } from '../helpers/screen';
import { victimVariants } from '../helpers/victim_variants';
import type { Budget, FingerprintMethod } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, rows, topOneAgreement } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

const METAFINGER_SETTINGS: Record<
  Budget,
  { candidates: number; steps: number; alpha: number; epsilon: number; learningRate: number; variants: number }
> = {
  tiny: { candidates: 16, steps: 10, alpha: 0.5, epsilon: 16 / 255, learningRate: 0.01, variants: 2 },
  mini: { candidates: 60, steps: 40, alpha: 0.5, epsilon: 16 / 255, learningRate: 0.005, variants: 2 },
  paper: { candidates: 200, steps: 300, alpha: 0.5, epsilon: 16 / 255, learningRate: 0.005, variants: 8 },
};

/** KL towards a negative model is capped so that pushing it away cannot dominate the loss. */
const NEGATIVE_KL_CAP = 5;

export const metaFinger: FingerprintMethod = {
  id: 'metafinger',
  name: 'MetaFinger',
  description:
    'test images perturbed so that victim copies agree with the victim and independent models do not; score = matching rate',
  needsHelpers: true,
  scoreIsMatchingRate: true,
  settings: METAFINGER_SETTINGS,
  async build({ victim, data, helpers, budget, seed }) {
    const s = METAFINGER_SETTINGS[budget];
    if (helpers.negative.length === 0)
      throw new Error('MetaFinger needs at least one negative (independent) helper model');
    const positives = [
      ...(await victimVariants(victim, s.variants, deriveSeed(seed, 'metafinger'))),
      ...helpers.positive,
    ];
    const picked = pickIndices(
      Array.from({ length: data.test.labels.length }, (_, i) => i),
      s.candidates,
      deriveSeed(seed, 'metafinger-start'),
    );
    const start = imagesOf(data.test, picked);
    const count = picked.length;
    const origin = tf.tensor4d(start, [count, ...IMAGE_SHAPE]);
    const x = tf.variable(tf.clone(origin) as tf.Tensor4D);
    const optimizer = tf.train.adam(s.learningRate);
    // Loss: mean_j KL(anchor || pos_j) - alpha * mean_k min(KL(anchor || neg_k), cap), anchor = victim.
    for (let step = 0; step < s.steps; step++) {
      optimizer.minimize(
        () => {
          const anchor = victim.apply(x) as tf.Tensor2D;
          const pos = tf.addN(positives.map((m) => klFromLogits(anchor, m.apply(x) as tf.Tensor2D)));
          const neg = tf.addN(
            helpers.negative.map((m) => tf.minimum(klFromLogits(anchor, m.apply(x) as tf.Tensor2D), NEGATIVE_KL_CAP)),
          );
          return tf.sub(
            tf.div(pos, positives.length),
            tf.mul(tf.div(neg, helpers.negative.length), s.alpha),
          ) as tf.Scalar;
        },
        false,
        [x],
      );
      // Stay within epsilon of the real image, and an image.
      tf.tidy(() =>
        x.assign(
          tf.clipByValue(tf.add(origin, tf.clipByValue(tf.sub(x, origin), -s.epsilon, s.epsilon)), 0, 1) as tf.Tensor4D,
        ),
      );
    }
    const candidates = Float32Array.from(x.dataSync());
    tf.dispose([x, origin]);
    optimizer.dispose();
    // Keep queries on which every positive matches the victim and no negative does.
    const labels = logitsOf(victim, candidates, count).map(argmax);
    const answers = (models: tf.LayersModel[]) => models.map((m) => logitsOf(m, candidates, count).map(argmax));
    const pos = answers(positives);
    const neg = answers(helpers.negative);
    const violations = labels.map(
      (y, i) => pos.filter((a) => a[i] !== y).length + neg.filter((a) => a[i] === y).length,
    );
    const { keep, clean } = screenCandidates(violations, Math.ceil(count / 4));
    const inputs = selectImages(candidates, keep, IMAGE_SIZE);
    positives.slice(0, s.variants).forEach((m) => m.dispose());
    return {
      method: 'metafinger',
      count: keep.length,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, keep.length).flat()),
      numClasses: data.test.numClasses,
      arrays: {},
      info: { candidates: count, clean },
    };
  },
  score(fp, suspect) {
    const matchRate = topOneAgreement(
      rows(fp.victimOutputs, fp.numClasses),
      rows(suspect.query(fp.inputs, fp.count), fp.numClasses),
    );
    return { score: matchRate, matchRate };
  },
};
