import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultCacheDir } from '@fpb/data';
import { readVerifiedFolder, sha256Hex, writeFolderAtomically } from '@fpb/files';
import { z } from 'zod';
import { openExternalClassifier } from './external_classifier';

/** What `fpb import` records beside the model it copied: where it came from and what it is. */
const ImportRecordSchema = z.object({
  format: z.literal(1),
  name: z.string(),
  source: z.string(),
  modelFormat: z.enum(['onnx', 'torchscript']),
  layout: z.enum(['NHWC', 'NCHW']),
  numClasses: z.number().int().positive(),
  model: z.object({ name: z.enum(['model.onnx', 'model.pt']), bytes: z.number().int(), sha256: z.string() }),
  importedAt: z.string(),
});
export type ImportRecord = z.infer<typeof ImportRecordSchema>;
const RECORD = 'import.json';

export const importsDir = (dir?: string) => resolve(dir ?? join(defaultCacheDir(), 'imports'));

export interface ImportOptions {
  file: string;
  name: string;
  /** The class count the model must answer (the victim's: 10 for CIFAR-10). */
  classes: number;
  importsDir?: string;
  log: (line: string) => void;
}

/**
 * Copies a model made elsewhere into the imports folder after checking it: ONNX that onnxruntime
 * runs (one input of 32x32 RGB images, NHWC or NCHW) or a TorchScript module that libtorch runs on
 * NCHW images, with `classes` outputs.
 */
export async function importModel(o: ImportOptions): Promise<{ dir: string; record: ImportRecord }> {
  if (!/^[\w.-]+$/.test(o.name))
    throw new Error(`--name ${o.name}: letters, digits, '.', '-' and '_' only (it names a folder)`);
  const model = await openExternalClassifier(o.file);
  if (model.numClasses !== o.classes)
    throw new Error(
      `${o.file} answers ${model.numClasses} classes, not ${o.classes}: give --classes or the right model`,
    );
  const bytes = readFileSync(o.file);
  const file = model.format === 'onnx' ? 'model.onnx' : 'model.pt';
  const record: ImportRecord = {
    format: 1,
    name: o.name,
    source: resolve(o.file),
    modelFormat: model.format,
    layout: model.layout,
    numClasses: model.numClasses,
    model: { name: file, bytes: bytes.length, sha256: sha256Hex(bytes) },
    importedAt: new Date().toISOString(),
  };
  const dir = join(importsDir(o.importsDir), o.name);
  writeFolderAtomically(dir, [
    [file, bytes],
    [RECORD, JSON.stringify(record, null, 2)],
  ]);
  o.log(
    `imported ${o.name}: ${dir} (${model.format === 'onnx' ? 'ONNX' : 'TorchScript'}, ${model.layout} input, ${model.numClasses} classes, sha256 ${record.model.sha256.slice(0, 12)}...)`,
  );
  return { dir, record };
}

/** An imported model's folder, checked against its record: the path of its model file, or undefined when `dir` is no import. */
export function importedModelPath(dir: string): string | undefined {
  try {
    readFileSync(join(dir, RECORD));
  } catch {
    return undefined;
  }
  const { manifest } = readVerifiedFolder(dir, {
    manifest: RECORD,
    parse: (json) => ImportRecordSchema.parse(json),
    files: (r) => [r.model],
    corrupt: (problem) => new Error(`imported model ${dir} is damaged: ${problem}; import it again`),
  });
  return join(dir, manifest.model.name);
}
