import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  foreignModel,
  getArchitecture,
  layersFromOnnx,
  layersFromStateDict,
  type ConvPadding,
  type ForeignWeights,
} from '@fpb/models';
import { readTorchWeights, type tf } from '@fpb/tensor';
import type { ExternalClassifier } from './external_classifier';
import { CHECK_IMAGES, maxLogitDifference } from './logit_check';

/** What became of a file read into one of our architectures, kept in its import record. */
export interface ArchitectureFit {
  name: string;
  width: number;
  padding: ConvPadding;
  /** BatchNorms its exporter folded into the convolutions: exact as it is, but their statistics are gone. */
  foldedBatchNorms: number;
  /** The check against the file's own runtime; null for a state dict, which has no program to run. */
  check: { images: number; maxDifference: number } | null;
}

export interface IntoArchitectureOptions {
  file: string;
  architecture: string;
  width?: number;
  padding?: ConvPadding;
  classes: number;
  /** The file's own runtime, when it has a program (ONNX, TorchScript). */
  runtime?: ExternalClassifier;
  log: (line: string) => void;
}

const foldedWarning = (file: string, n: number) =>
  `warning: ${file}: its exporter folded ${n} BatchNorms into the convolutions: exact as a suspect, but as a victim the models that fine-tune it with BatchNorm training (PM_FA, PM_Adv, pruning) start from lost statistics; export with torch.onnx.export(..., do_constant_folding=False) or give the TorchScript file`;

/** Logits this close to the file's own, relative to their size, mean the same model. */
const TOLERANCE = 1e-4;

function readWeights(file: string): ForeignWeights {
  if (extname(file) === '.onnx') return layersFromOnnx(readFileSync(file), file);
  let tensors;
  try {
    tensors = readTorchWeights(file);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
  }
  return layersFromStateDict(tensors, file);
}

/**
 * The file's weights in one of our architectures, so that gradients run through it (a victim) and it
 * trains like any zoo model. The width is the first convolution's channels unless given; the padding
 * is the one the file shows, else each is tried and the one whose logits match the file's runtime
 * kept (a state dict has no runtime: PyTorch's symmetric padding unless given).
 */
export async function intoArchitecture(
  o: IntoArchitectureOptions,
): Promise<{ model: tf.LayersModel; fit: ArchitectureFit }> {
  const architecture = getArchitecture(o.architecture);
  const { layers, padding } = readWeights(o.file);
  const firstConv = layers.find((l) => l.kind === 'conv');
  const lastDense = [...layers].reverse().find((l) => l.kind === 'dense');
  const width = o.width ?? firstConv?.weight.shape[0] ?? architecture.defaultWidth;
  const classes = lastDense?.weight.shape[0];
  if (classes !== o.classes)
    throw new Error(`${o.file}: its last linear layer answers ${classes ?? 'no'} classes, not ${o.classes}`);
  const paddings: ConvPadding[] = o.padding
    ? [o.padding]
    : padding
      ? [padding]
      : o.runtime
        ? ['same', 'symmetric']
        : ['symmetric'];
  const tried: string[] = [];
  for (const p of paddings) {
    const { model, foldedBatchNorms } = foreignModel(layers, {
      architecture: o.architecture,
      width,
      numClasses: classes,
      padding: p,
      source: o.file,
    });
    if (!o.runtime) {
      o.log(
        `${o.file}: a state dict has no program to compare with: read as ${o.architecture} w${width}, ${p} padding, unchecked`,
      );
      return { model, fit: { name: o.architecture, width, padding: p, foldedBatchNorms, check: null } };
    }
    const { maxDifference, largestLogit } = await maxLogitDifference(model, o.runtime);
    if (maxDifference <= TOLERANCE * Math.max(1, largestLogit)) {
      o.log(
        `${o.file}: as ${o.architecture} w${width} with ${p} padding, its logits match its own runtime's within ${maxDifference.toExponential(1)} (${CHECK_IMAGES} random images)`,
      );
      if (foldedBatchNorms > 0) o.log(foldedWarning(o.file, foldedBatchNorms));
      const check = { images: CHECK_IMAGES, maxDifference };
      return { model, fit: { name: o.architecture, width, padding: p, foldedBatchNorms, check } };
    }
    model.dispose();
    tried.push(`${maxDifference.toPrecision(3)} with ${p} padding`);
  }
  throw new Error(
    `${o.file}: its weights fit ${o.architecture} w${width}, but the logits differ from its own runtime's by ${tried.join(', ')}: it computes something else (another block order or activation)`,
  );
}
