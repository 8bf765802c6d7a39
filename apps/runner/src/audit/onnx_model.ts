import { existsSync } from 'node:fs';
import { IMAGE_SIZE } from '@fpb/fingerprints';
import type * as Ort from 'onnxruntime-node';
import type { ExternalClassifier } from './external_classifier';
import { runInBatches } from './batched_run';
import { toNchw } from './nchw';

/** onnxruntime, loaded when an ONNX model is first used (the packed app does not carry it). */
async function onnxRuntime(): Promise<typeof Ort> {
  try {
    return await import('onnxruntime-node');
  } catch (e) {
    throw new Error(
      `onnxruntime-node cannot be loaded (${(e as Error).message.split('\n')[0]}): run npm ci in the repository; the packed app does not carry it`,
      { cause: e },
    );
  }
}

const describeShape = (shape: ReadonlyArray<number | string>) => `[${shape.join(', ')}]`;

/**
 * Opens an ONNX file and checks it is a classifier of 32x32 RGB images before anything is asked of
 * it: an operator onnxruntime lacks, another input shape or no 2-D output is one line naming the file.
 */
export async function openOnnxClassifier(path: string): Promise<ExternalClassifier> {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  const ort = await onnxRuntime();
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path);
  } catch (e) {
    throw new Error(`${path}: onnxruntime cannot load it: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  const [input] = session.inputMetadata;
  const shape = input.isTensor ? input.shape : [];
  const is = (dims: number[]) => shape.length === 4 && dims.every((d, i) => shape[i + 1] === d);
  const layout = is([32, 32, 3]) ? 'NHWC' : is([3, 32, 32]) ? 'NCHW' : undefined;
  if (session.inputNames.length !== 1 || layout === undefined || !input.isTensor || input.type !== 'float32')
    throw new Error(
      `${path}: its input ${input.name} is ${input.isTensor ? `${input.type} ${describeShape(shape)}` : 'not a tensor'}, not one batch of 32x32 RGB float32 images (NHWC [n, 32, 32, 3] or NCHW [n, 3, 32, 32])`,
    );
  const output = session.outputNames[0];
  const run = (images: Float32Array, count: number) =>
    runInBatches(path, images, count, async (batch, n) => {
      const data = layout === 'NCHW' ? toNchw(batch, n) : Float32Array.from(batch);
      const dims = layout === 'NCHW' ? [n, 3, 32, 32] : [n, 32, 32, 3];
      const result = (await session.run({ [input.name]: new ort.Tensor('float32', data, dims) }))[output];
      return { values: Float32Array.from(result.data as Float32Array), shape: result.dims };
    });
  const probe = await run(new Float32Array(IMAGE_SIZE), 1);
  return { format: 'onnx', layout, numClasses: probe.length, run };
}
