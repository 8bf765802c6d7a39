import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { defaultCacheDir } from '@fpb/data';
import { readVerifiedFolder, sha256Hex, writeFolderAtomically } from '@fpb/files';
import { saveModel, type ConvPadding } from '@fpb/models';
import { initBackend, type BackendChoice, type tf } from '@fpb/tensor';
import { z } from 'zod';
import { openExternalClassifier, type ExternalClassifier } from './external_classifier';
import { intoArchitecture, type ArchitectureFit } from './into_architecture';

/** What `fpb import` records beside the model it copied: where it came from and what it is. */
const ImportRecordSchema = z.object({
  format: z.literal(1),
  name: z.string(),
  source: z.string(),
  modelFormat: z.enum(['onnx', 'torchscript', 'state-dict']),
  layout: z.enum(['NHWC', 'NCHW']),
  numClasses: z.number().int().positive(),
  model: z.object({ name: z.enum(['model.onnx', 'model.pt']), bytes: z.number().int(), sha256: z.string() }),
  /** Set when the weights were read into one of our architectures: the folder is then also a saved model. */
  architecture: z
    .object({
      name: z.string(),
      width: z.number().int().positive(),
      padding: z.enum(['same', 'symmetric']),
      foldedBatchNorms: z.number().int().nonnegative(),
      check: z.object({ images: z.number().int(), maxDifference: z.number() }).nullable(),
    })
    .optional(),
  importedAt: z.string(),
});
export type ImportRecord = z.infer<typeof ImportRecordSchema>;
const RECORD = 'import.json';
const FORMAT_NAMES: Record<ImportRecord['modelFormat'], string> = {
  onnx: 'ONNX',
  torchscript: 'TorchScript',
  'state-dict': 'PyTorch state dict',
};

export const importsDir = (dir?: string) => resolve(dir ?? join(defaultCacheDir(), 'imports'));

export interface ImportOptions {
  file: string;
  name: string;
  /** The class count the model must answer (the victim's: 10 for CIFAR-10). */
  classes: number;
  /** One of our architectures to read the weights into (then the import can be a victim). */
  architecture?: string;
  width?: number;
  padding?: ConvPadding;
  backend: BackendChoice;
  importsDir?: string;
  log: (line: string) => void;
}

/**
 * The file's own runtime: ONNX through onnxruntime, TorchScript through libtorch. A .pt that is no
 * TorchScript is a state dict when an architecture is given to read it into (no runtime then).
 */
async function openRuntime(o: ImportOptions): Promise<ExternalClassifier | undefined> {
  try {
    return await openExternalClassifier(o.file);
  } catch (e) {
    if (o.architecture === undefined || extname(o.file) === '.onnx') throw e;
    return undefined;
  }
}

/** A model's saved files (model.json, weights.bin, meta.json), to travel inside another folder. */
async function savedModelFiles(model: tf.LayersModel, fit: ArchitectureFit, o: ImportOptions, sha256: string) {
  const scratch = mkdtempSync(join(tmpdir(), 'fpb-import-'));
  try {
    await saveModel(model, join(scratch, 'm'), {
      architecture: fit.name,
      width: fit.width,
      numClasses: o.classes,
      seed: 0,
      extra: { imported: o.name, source: resolve(o.file), sha256, padding: fit.padding },
    });
    return ['model.json', 'weights.bin', 'meta.json'].map(
      (name) => [name, readFileSync(join(scratch, 'm', name))] as [string, Buffer],
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies a model made elsewhere into the imports folder after checking it: ONNX that onnxruntime
 * runs (one input of 32x32 RGB images, NHWC or NCHW) or a TorchScript module that libtorch runs on
 * NCHW images, with `classes` outputs. With an architecture, its weights are also read into that
 * architecture (checked against its runtime) and saved beside it, so it can be a victim.
 */
export async function importModel(o: ImportOptions): Promise<{ dir: string; record: ImportRecord }> {
  if (!/^[\w.-]+$/.test(o.name))
    throw new Error(`--name ${o.name}: letters, digits, '.', '-' and '_' only (it names a folder)`);
  const runtime = await openRuntime(o);
  if (runtime && runtime.numClasses !== o.classes)
    throw new Error(
      `${o.file} answers ${runtime.numClasses} classes, not ${o.classes}: give --classes or the right model`,
    );
  const bytes = readFileSync(o.file);
  const sha256 = sha256Hex(bytes);
  let ours: Array<[string, Buffer]> = [];
  let fit: ArchitectureFit | undefined;
  if (o.architecture !== undefined) {
    await initBackend(o.backend, o.log);
    const read = await intoArchitecture({ ...o, architecture: o.architecture, runtime });
    fit = read.fit;
    ours = await savedModelFiles(read.model, fit, o, sha256);
    read.model.dispose();
  }
  const modelFormat = runtime?.format ?? 'state-dict';
  const file = modelFormat === 'onnx' ? 'model.onnx' : 'model.pt';
  const record: ImportRecord = {
    format: 1,
    name: o.name,
    source: resolve(o.file),
    modelFormat,
    layout: runtime?.layout ?? 'NCHW',
    numClasses: o.classes,
    model: { name: file, bytes: bytes.length, sha256 },
    architecture: fit,
    importedAt: new Date().toISOString(),
  };
  const dir = join(importsDir(o.importsDir), o.name);
  writeFolderAtomically(dir, [[file, bytes], ...ours, [RECORD, JSON.stringify(record, null, 2)]]);
  o.log(
    `imported ${o.name}: ${dir} (${FORMAT_NAMES[modelFormat]}, ${record.layout} input, ${o.classes} classes${fit ? `, as ${fit.name} w${fit.width}` : ''}, sha256 ${sha256.slice(0, 12)}...)`,
  );
  return { dir, record };
}

/** An imported model's folder, checked against its record; undefined when `dir` is no import. */
export function readImport(dir: string): { record: ImportRecord; modelPath: string } | undefined {
  if (!existsSync(join(dir, RECORD))) return undefined;
  const { manifest } = readVerifiedFolder(dir, {
    manifest: RECORD,
    parse: (json) => ImportRecordSchema.parse(json),
    files: (r) => [r.model],
    corrupt: (problem) => new Error(`imported model ${dir} is damaged: ${problem}; import it again`),
  });
  return { record: manifest, modelPath: join(dir, manifest.model.name) };
}
