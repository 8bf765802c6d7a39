import { IMAGE_SIZE } from '@fpb/fingerprints';
import { writeFileAtomically } from '@fpb/files';
import { loadModel, toOnnx } from '@fpb/models';
import { createRng, initBackend, tf, type BackendChoice } from '@fpb/tensor';
import { openOnnxClassifier } from './onnx_model';

export interface ExportOptions {
  model: string;
  out: string;
  backend: BackendChoice;
  log: (line: string) => void;
}

/**
 * Writes a saved model (a zoo model folder) as ONNX, then runs both on the same 64 random images and
 * says how far apart their logits are: the file is only as good as that check.
 */
export async function exportOnnx(o: ExportOptions): Promise<{ maxDifference: number }> {
  await initBackend(o.backend, o.log);
  const { model } = await loadModel(o.model);
  writeFileAtomically(o.out, toOnnx(model));
  const count = 64;
  const rng = createRng(7);
  const images = Float32Array.from({ length: count * IMAGE_SIZE }, rng);
  const ours = tf.tidy(() => (model.predict(tf.tensor4d(images, [count, 32, 32, 3])) as tf.Tensor).dataSync());
  model.dispose();
  const theirs = await (await openOnnxClassifier(o.out)).run(images, count);
  const maxDifference = Math.max(...ours.map((v, i) => Math.abs(v - theirs[i])));
  o.log(
    `wrote ${o.out}: onnxruntime's logits of 64 random images are within ${maxDifference.toExponential(1)} of ours`,
  );
  return { maxDifference };
}
