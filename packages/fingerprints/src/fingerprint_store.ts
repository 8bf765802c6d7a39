import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFolderAtomically } from '@fpb/files';
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

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

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
    sha256: sha256(bytes),
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
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) throw new FingerprintCorruptError(dir, `${MANIFEST} is missing`);
  let manifest: z.infer<typeof ManifestSchema>;
  try {
    manifest = ManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch (e) {
    throw new FingerprintCorruptError(dir, `${MANIFEST} is unreadable (${(e as Error).message.split('\n')[0]})`);
  }
  const dataPath = join(dir, DATA);
  if (!existsSync(dataPath)) throw new FingerprintCorruptError(dir, `${DATA} is missing`);
  const bytes = readFileSync(dataPath);
  const expected = manifest.arrays.reduce((n, a) => n + 4 * a.length, 0);
  if (bytes.length !== expected)
    throw new FingerprintCorruptError(dir, `${DATA} has ${bytes.length} bytes, expected ${expected} (truncated)`);
  if (sha256(bytes) !== manifest.sha256) throw new FingerprintCorruptError(dir, `${DATA} fails its SHA-256 check`);
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
