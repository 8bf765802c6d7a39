import { extname } from 'node:path';
import { answeredOracle, type Fingerprint, type Oracle } from '@fpb/fingerprints';
import { openOnnxClassifier } from './onnx_model';
import { openTorchScriptClassifier } from './torchscript_model';

/** A model made elsewhere, as its own runtime runs it: the layout it takes and the classes it answers. */
export interface ExternalClassifier {
  format: 'onnx' | 'torchscript';
  layout: 'NHWC' | 'NCHW';
  numClasses: number;
  /** Its outputs for `count` NHWC images in [0, 1] (transposed for it when it takes NCHW). */
  run(images: Float32Array, count: number): Promise<Float32Array>;
}

/** The file formats read, by extension. */
export const EXTERNAL_FORMATS: Record<string, ExternalClassifier['format']> = {
  '.onnx': 'onnx',
  '.pt': 'torchscript',
  '.pth': 'torchscript',
};

export const isExternalModel = (path: string) => extname(path) in EXTERNAL_FORMATS;

/** Opens an ONNX or TorchScript file by its extension; anything else is one line naming the formats. */
export function openExternalClassifier(path: string): Promise<ExternalClassifier> {
  const format = EXTERNAL_FORMATS[extname(path)];
  switch (format) {
    case 'onnx':
      return openOnnxClassifier(path);
    case 'torchscript':
      return openTorchScriptClassifier(path);
    case undefined:
      throw new Error(`${path}: not a model file read here (${Object.keys(EXTERNAL_FORMATS).join(', ')})`);
  }
}

/** An oracle for a suspect made elsewhere: the fingerprint's queries are run once, beforehand. */
export async function externalOracle(path: string, fp: Fingerprint): Promise<Oracle> {
  const model = await openExternalClassifier(path);
  return answeredOracle(fp, await model.run(fp.inputs, fp.count), path);
}
