import { writeFileAtomically } from '@fpb/files';
import { loadModel, toOnnx } from '@fpb/models';
import { initBackend, type BackendChoice } from '@fpb/tensor';
import { CHECK_IMAGES, maxLogitDifference } from './logit_check';
import { openOnnxClassifier } from './onnx_model';

export interface ExportOptions {
  model: string;
  out: string;
  backend: BackendChoice;
  log: (line: string) => void;
}

/**
 * Writes a saved model (a zoo model folder) as ONNX, then runs both on the same random images and
 * says how far apart their logits are: the file is only as good as that check.
 */
export async function exportOnnx(o: ExportOptions): Promise<{ maxDifference: number }> {
  await initBackend(o.backend, o.log);
  const { model } = await loadModel(o.model);
  writeFileAtomically(o.out, toOnnx(model));
  const { maxDifference } = await maxLogitDifference(model, await openOnnxClassifier(o.out));
  model.dispose();
  o.log(
    `wrote ${o.out}: onnxruntime's logits of ${CHECK_IMAGES} random images are within ${maxDifference.toExponential(1)} of ours`,
  );
  return { maxDifference };
}
