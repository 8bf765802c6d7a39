import { tf } from '@fpb/tensor';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax } from '../output_math';
import { logitGradients } from './logit_gradients';

export interface DeepFoolOptions {
  maxIterations?: number;
  /** DeepFool's overshoot: the accumulated step is scaled by 1 + overshoot so the label really flips. */
  overshoot?: number;
  /** Only the `candidates` classes with the largest logits (besides the label) are considered, as in DeepFool's reference code. */
  candidates?: number;
}

export interface DeepFoolResult {
  /** The accumulated perturbation of each image (already scaled by 1 + overshoot). */
  perturbations: Float32Array;
  /**
   * The L2 norm of the accumulated steps before the overshoot: DeepCore's core radius ||sum_j delta_j||
   * (Algorithm 1). The overshoot only carries the probe across the linearised boundary; counting it
   * would inflate every radius by 1 + overshoot.
   */
  radii: number[];
  iterations: number[];
  /** False where the label did not flip within maxIterations (the radius is then a lower bound). */
  flipped: boolean[];
}

const l2 = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

/**
 * Multi-class DeepFool (Moosavi-Dezfooli et al.) on a batch: at each step, linearise the model around
 * the current point and move to the nearest linearised boundary between the original label b and the
 * closest other class l: delta = |f_l - f_b| / ||w_l||^2 * w_l with w_l = grad f_l - grad f_b. Steps
 * accumulate until the label changes. Images that have flipped leave the batch.
 */
export function deepFool(
  model: tf.LayersModel,
  images: Float32Array,
  count: number,
  options: DeepFoolOptions = {},
): DeepFoolResult {
  const { maxIterations = 50, overshoot = 0.02 } = options;
  const numClasses = model.outputs[0].shape[1] as number;
  const candidates = Math.min(numClasses - 1, options.candidates ?? 9);
  const total = new Float32Array(count * IMAGE_SIZE);
  const iterations = new Array<number>(count).fill(0);
  const flipped = new Array<boolean>(count).fill(false);
  const current = Float32Array.from(images);
  let labels: number[] = [];
  let active = Array.from({ length: count }, (_, i) => i);
  for (let it = 0; it <= maxIterations && active.length > 0; it++) {
    const batch = new Float32Array(active.length * IMAGE_SIZE);
    active.forEach((b, i) => batch.set(current.subarray(b * IMAGE_SIZE, (b + 1) * IMAGE_SIZE), i * IMAGE_SIZE));
    // Logits first, to know each image's label and its closest competitors; the gradient pass reuses them.
    const logits = tf.tidy(
      () => (model.apply(tf.tensor4d(batch, [active.length, ...IMAGE_SHAPE])) as tf.Tensor).dataSync() as Float32Array,
    );
    const rowsOf = (i: number) => logits.subarray(i * numClasses, (i + 1) * numClasses);
    if (it === 0) labels = active.map((_, i) => argmax(rowsOf(i)));
    const still: number[] = [];
    active.forEach((b, i) => {
      if (argmax(rowsOf(i)) !== labels[b]) flipped[b] = true;
      else still.push(i);
    });
    if (it === maxIterations || still.length === 0) break;
    const classLists = still.map((i) => {
      const b = active[i];
      const row = rowsOf(i);
      const others = Array.from({ length: numClasses }, (_, k) => k)
        .filter((k) => k !== labels[b])
        .sort((x, y) => row[y] - row[x])
        .slice(0, candidates);
      return [labels[b], ...others];
    });
    const stillImages = new Float32Array(still.length * IMAGE_SIZE);
    still.forEach((i, j) => stillImages.set(batch.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), j * IMAGE_SIZE));
    const gradients = logitGradients(model, stillImages, still.length, classLists);
    still.forEach((i, j) => {
      const b = active[i];
      const f = rowsOf(i);
      const [label, ...others] = classLists[j];
      const fb = f[label];
      const gb = gradients[j][0];
      let best = { distance: Infinity, w: gb, gap: 0 };
      others.forEach((l, k) => {
        const w = gradients[j][k + 1].map((v, p) => v - gb[p]);
        const gap = Math.abs(f[l] - fb);
        const distance = gap / (l2(w) + 1e-12);
        if (distance < best.distance) best = { distance, w, gap };
      });
      const norm2 = Math.max(l2(best.w) ** 2, 1e-12);
      const step = (best.gap + 1e-4) / norm2;
      const offset = b * IMAGE_SIZE;
      for (let p = 0; p < IMAGE_SIZE; p++) {
        total[offset + p] += step * best.w[p];
        current[offset + p] = images[offset + p] + (1 + overshoot) * total[offset + p];
      }
      iterations[b]++;
    });
    active = still.map((i) => active[i]);
  }
  const perturbations = total.map((v) => (1 + overshoot) * v);
  const radii = Array.from({ length: count }, (_, b) => l2(total.subarray(b * IMAGE_SIZE, (b + 1) * IMAGE_SIZE)));
  return { perturbations, radii, iterations, flipped };
}
