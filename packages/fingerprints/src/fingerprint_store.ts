import { readVerifiedFolder, sha256Hex, writeFolderAtomically } from '@fpb/files';
import { z } from 'zod';
import type { Fingerprint } from './method';

const DATA = 'arrays.bin';
const MANIFEST = 'fingerprint.json';
const FORMAT = 'fingerprint-bench/fingerprint@1';

const ManifestSchema = z.object({
  format: z.literal(FORMAT),
  method: z.string(),
  count: z.number().int().nonnegative(),
  numClasses: z.number().int().positive(),
  /** Float32 arrays stored back to back in arrays.bin, in this order. */
  arrays: z.array(z.object({ name: z.string(), length: z.number().int().nonnegative() })),
  sha256: z.string(),
  info: z.record(z.string(), z.unknown()),
  /** Anything the caller wants kept beside the fingerprint (cache key, build time, settings). */
  record: z.record(z.string(), z.unknown()),
});

export class FingerprintCorruptError extends Error {
  constructor(dir: string, problem: string) {
    super(`${dir}: ${problem}. The saved fingerprint is incomplete or corrupt: delete the folder and build it again.`);
    this.name = 'FingerprintCorruptError';
  }
}

/** Saves a fingerprint atomically: query images, victim outputs and extra arrays in one checksummed file. */
export function saveFingerprint(dir: string, fp: Fingerprint, record: Record<string, unknown> = {}): void {
  const named: Array<[string, Float32Array]> = [
    ['inputs', fp.inputs],
    ['victimOutputs', fp.victimOutputs],
    ...Object.entries(fp.arrays),
  ];
  const bytes = Buffer.concat(named.map(([, a]) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  const manifest: z.infer<typeof ManifestSchema> = {
    format: FORMAT,
    method: fp.method,
    count: fp.count,
    numClasses: fp.numClasses,
    arrays: named.map(([name, a]) => ({ name, length: a.length })),
    sha256: sha256Hex(bytes),
    // Every method's info is JSON-safe by contract; the manifest stores it as a plain record.
    info: fp.info as Record<string, unknown>,
    record,
  };
  writeFolderAtomically(dir, [
    [DATA, bytes],
    [MANIFEST, JSON.stringify(manifest)],
  ]);
}

/** Loads a saved fingerprint after checking its manifest, size and checksum. */
export function loadFingerprint(dir: string): { fingerprint: Fingerprint; record: Record<string, unknown> } {
  const { manifest, files } = readVerifiedFolder(dir, {
    manifest: MANIFEST,
    parse: (json) => ManifestSchema.parse(json),
    files: (m) => [{ name: DATA, bytes: m.arrays.reduce((n, a) => n + 4 * a.length, 0), sha256: m.sha256 }],
    corrupt: (problem) => new FingerprintCorruptError(dir, problem),
  });
  const bytes = files[DATA];
  const arrays: Record<string, Float32Array> = {};
  let offset = 0;
  for (const { name, length } of manifest.arrays) {
    arrays[name] = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * length),
    );
    offset += 4 * length;
  }
  const { inputs, victimOutputs, ...rest } = arrays;
  return {
    fingerprint: {
      method: manifest.method,
      count: manifest.count,
      numClasses: manifest.numClasses,
      inputs,
      victimOutputs,
      arrays: rest,
      info: manifest.info,
    },
    record: manifest.record,
  };
}
