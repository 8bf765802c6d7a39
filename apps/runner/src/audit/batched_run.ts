import { IMAGE_SIZE } from '@fpb/fingerprints';

/** What one batch gave back from a model's own runtime. */
export interface BatchAnswer {
  values: Float32Array;
  shape: readonly number[];
}

const BATCH = 256;

/**
 * Runs `count` NHWC images through a model made elsewhere in batches of 256, checks each answer is
 * [n, classes] (one line naming the model otherwise) and joins the answers in order.
 */
export async function runInBatches(
  path: string,
  images: Float32Array,
  count: number,
  runBatch: (batch: Float32Array, n: number) => Promise<BatchAnswer> | BatchAnswer,
): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    const { values, shape } = await runBatch(images.subarray(start * IMAGE_SIZE, (start + n) * IMAGE_SIZE), n);
    if (shape.length !== 2 || shape[0] !== n)
      throw new Error(`${path}: its output is [${shape.join(', ')}] for ${n} images, not [${n}, classes]`);
    parts.push(values);
  }
  const joined = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    joined.set(p, offset);
    offset += p.length;
  }
  return joined;
}
