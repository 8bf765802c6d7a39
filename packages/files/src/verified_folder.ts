import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './content_key';

/** A file its folder's manifest vouches for: its size and SHA-256. */
export interface VouchedFile {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * Reads a folder written by writeFolderAtomically whose manifest (JSON) lists its files' sizes and
 * checksums: the manifest is parsed by `parse`, each file it vouches for is checked for presence,
 * size (a short file reads as truncated) and SHA-256. Every problem becomes `corrupt(problem)`, an
 * error that names the folder and the fix.
 */
export function readVerifiedFolder<M>(
  dir: string,
  o: {
    manifest: string;
    parse: (json: unknown) => M;
    files: (manifest: M) => VouchedFile[];
    corrupt: (problem: string) => Error;
  },
): { manifest: M; files: Record<string, Buffer> } {
  const manifestPath = join(dir, o.manifest);
  if (!existsSync(manifestPath)) throw o.corrupt(`${o.manifest} is missing`);
  let manifest: M;
  try {
    manifest = o.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch (e) {
    throw o.corrupt(`${o.manifest} is unreadable (${(e as Error).message.split('\n')[0]})`);
  }
  const files: Record<string, Buffer> = {};
  for (const { name, bytes, sha256 } of o.files(manifest)) {
    const path = join(dir, name);
    if (!existsSync(path)) throw o.corrupt(`${name} is missing`);
    const data = readFileSync(path);
    if (data.length !== bytes) throw o.corrupt(`${name} has ${data.length} bytes, expected ${bytes} (truncated)`);
    if (sha256Hex(data) !== sha256) throw o.corrupt(`${name} fails its SHA-256 check`);
    files[name] = data;
  }
  return { manifest, files };
}
