import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Writes a folder of files so that `dir` is either absent, its old content, or the new content
 * complete: everything goes to a sibling temporary folder, which is renamed into place. The last
 * file given is written last (a manifest whose presence marks completeness).
 */
export function writeFolderAtomically(dir: string, files: Array<[name: string, content: Uint8Array | string]>): void {
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = temporaryPathFor(dir);
  mkdirSync(tmp);
  try {
    for (const [name, content] of files) writeFileSync(join(tmp, name), content);
    if (existsSync(dir)) {
      const old = `${tmp}.old`;
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, dir);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Writes a file through a sibling temporary file and a rename: readers see the old file or the new one, never half of one. */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = temporaryPathFor(path);
  try {
    writeFileSync(tmp, content);
    commitFile(tmp, path);
  } catch (e) {
    discardFile(tmp);
    throw e;
  }
}
