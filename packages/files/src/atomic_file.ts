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
 *
 * A valid folder is never replaced: when `isValid` says the folder already there is good (another
 * run finished the same content-addressed folder first), ours is discarded and `kept` returned, so
 * no moment exists without a valid folder. An invalid one (corrupt, half-written) is moved aside.
 */
export function writeFolderAtomically(
  dir: string,
  files: Array<[name: string, content: Uint8Array | string]>,
  options: { isValid?: (dir: string) => boolean } = {},
): 'written' | 'kept' {
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = temporaryPathFor(dir);
  mkdirSync(tmp);
  const old = `${tmp}.old`;
  try {
    for (const [name, content] of files) writeFileSync(join(tmp, name), content);
    if (existsSync(dir) && options.isValid?.(dir)) {
      rmSync(tmp, { recursive: true, force: true });
      return 'kept';
    }
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    return 'written';
  } catch (e) {
    // Another writer put its folder in place between our check and our rename: keep theirs.
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(dir)) return 'kept';
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
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
