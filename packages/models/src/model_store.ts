import { existsSync } from 'node:fs';
import { readVerifiedFolder, sha256Hex, writeFolderAtomically } from '@fpb/files';
import { tf } from '@fpb/tensor';
import { z } from 'zod';
import { ModelMetadataSchema, type ModelMetadata, type ModelMetadataInput } from './model_metadata';

const TOPOLOGY = 'model.json' as const;
const WEIGHTS = 'weights.bin' as const;
const MANIFEST = 'meta.json';
const FORMAT = 'fingerprint-bench/model@1';

const ManifestSchema = z.object({
  format: z.literal(FORMAT),
  sha256: z.object({ [TOPOLOGY]: z.string(), [WEIGHTS]: z.string() }),
  bytes: z.object({ [TOPOLOGY]: z.number(), [WEIGHTS]: z.number() }),
  savedAt: z.string(),
  metadata: ModelMetadataSchema,
});

export class ModelCorruptError extends Error {
  constructor(
    readonly dir: string,
    problem: string,
  ) {
    super(
      `${dir}: ${problem}. The saved model is incomplete or corrupt: delete the folder and train it again (a cached zoo rebuilds it).`,
    );
    this.name = 'ModelCorruptError';
  }
}

/**
 * Saves topology, weights and metadata to `dir`, atomically: `dir` is either absent, the old model,
 * or the new one complete. meta.json is the manifest: it holds the checksums that `loadModel` checks.
 * When an intact model is already there and `keepExisting` accepts its metadata (another run saved
 * the same model first), it stays and its metadata is returned: a good model is never replaced.
 */
export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  metadata: ModelMetadataInput,
  keepExisting?: (existing: ModelMetadata) => boolean,
): Promise<ModelMetadata> {
  const meta = ModelMetadataSchema.parse(metadata);
  let topology: Uint8Array | undefined;
  let weights: Uint8Array | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      topology = Buffer.from(
        JSON.stringify({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs }),
      );
      const data = artifacts.weightData;
      weights = new Uint8Array(
        Array.isArray(data) ? Buffer.concat(data.map((d) => Buffer.from(d))) : (data as ArrayBuffer),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!topology || !weights) throw new Error(`saving ${dir}: tfjs produced no artifacts`);
  const manifest = {
    format: FORMAT,
    sha256: { [TOPOLOGY]: sha256Hex(topology), [WEIGHTS]: sha256Hex(weights) },
    bytes: { [TOPOLOGY]: topology.length, [WEIGHTS]: weights.length },
    savedAt: new Date().toISOString(),
    metadata: meta,
  };
  const isValid = (d: string) => {
    try {
      return keepExisting?.(readModelMetadata(d)) ?? false;
    } catch {
      return false; // damaged: replace it
    }
  };
  const outcome = writeFolderAtomically(
    dir,
    [
      [TOPOLOGY, topology],
      [WEIGHTS, weights],
      [MANIFEST, JSON.stringify(manifest, null, 2)], // last: its presence marks completeness
    ],
    { isValid },
  );
  return outcome === 'kept' ? readModelMetadata(dir) : meta;
}

function readVerified(dir: string): { topology: Buffer; weights: Buffer; manifest: z.infer<typeof ManifestSchema> } {
  if (!existsSync(dir)) throw new Error(`${dir}: no saved model here`);
  const { manifest, files } = readVerifiedFolder(dir, {
    manifest: MANIFEST,
    parse: (json) => ManifestSchema.parse(json),
    files: (m) => [TOPOLOGY, WEIGHTS].map((name) => ({ name, bytes: m.bytes[name], sha256: m.sha256[name] })),
    corrupt: (problem) => new ModelCorruptError(dir, problem),
  });
  return { topology: files[TOPOLOGY], weights: files[WEIGHTS], manifest };
}

/** Reads only the metadata of a saved model (after checking the files). */
export function readModelMetadata(dir: string): ModelMetadata {
  return readVerified(dir).manifest.metadata;
}

/** Loads a model saved by `saveModel`, checking sizes and checksums first. */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; metadata: ModelMetadata }> {
  const { topology, weights, manifest } = readVerified(dir);
  const { modelTopology, weightSpecs } = JSON.parse(topology.toString('utf8'));
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));
  return { model, metadata: manifest.metadata };
}
