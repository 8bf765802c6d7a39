import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A sibling temporary name, so the final rename is atomic (same file system). */
export function temporaryPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.tmp.${process.pid}.${randomBytes(4).toString('hex')}`);
}

/** Moves a finished temporary file into place; readers never see a half-written file. */
export function commitFile(tmpPath: string, finalPath: string): void {
  renameSync(tmpPath, finalPath);
}

export function discardFile(path: string): void {
  rmSync(path, { force: true });
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
