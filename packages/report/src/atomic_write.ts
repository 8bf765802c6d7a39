import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes a file through a sibling temporary file and a rename: readers see the old file or the new one, never half of one. */
export function writeFileAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
