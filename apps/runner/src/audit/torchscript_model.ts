import { existsSync } from 'node:fs';
import { IMAGE_SIZE } from '@fpb/fingerprints';
import { loadTorchScript, TorchUnavailableError, type TorchScriptModule } from '@fpb/tensor';
import type { ExternalClassifier } from './external_classifier';
import { runInBatches } from './batched_run';
import { toNchw } from './nchw';

/**
 * Opens a TorchScript file (torch.jit.trace or script, then save) and checks it is a classifier of
 * NCHW 32x32 RGB images, as PyTorch models are, by running one image. A state dict (weights without
 * the program) or another input is one line naming the file.
 */
export async function openTorchScriptClassifier(path: string): Promise<ExternalClassifier> {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  let module: TorchScriptModule;
  try {
    module = loadTorchScript(path);
  } catch (e) {
    const why = (e as Error).message;
    throw new Error(
      e instanceof TorchUnavailableError
        ? `${path}: TorchScript runs on libtorch, and ${why}`
        : `${path}: not a TorchScript module (save one with torch.jit.trace(model, x).save(path); a state dict of one of our architectures: fpb import --architecture): ${why}`,
      { cause: e },
    );
  }
  const run = (images: Float32Array, count: number) =>
    runInBatches(path, images, count, (batch, n) => {
      try {
        return module.run(toNchw(batch, n), [n, 3, 32, 32]);
      } catch (e) {
        throw new Error(`${path}: its forward fails on ${n} NCHW 32x32 RGB images: ${(e as Error).message}`, {
          cause: e,
        });
      }
    });
  const probe = await run(new Float32Array(IMAGE_SIZE), 1);
  return { format: 'torchscript', layout: 'NCHW', numClasses: probe.length, run };
}
