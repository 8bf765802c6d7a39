import { mkdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class FolderUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderUnusableError';
  }
}

/**
 * Checks, before any long work, that a folder can take output: it is a folder (or can be made one),
 * a file can be written in it, and it has `neededBytes` free. Fails with one line naming the folder,
 * what it is for, and the fix.
 */
export function checkFolderUsable(folder: string, what: string, neededBytes = 0): void {
  const fail = (why: string) => {
    throw new FolderUnusableError(`${what} ${folder} ${why}`);
  };
  let existing = folder;
  while (true) {
    try {
      if (!statSync(existing).isDirectory())
        fail(
          existing === folder
            ? 'is a file, not a folder: choose another path'
            : `cannot be made: ${existing} is a file: choose another path`,
        );
      break;
    } catch (e) {
      if (e instanceof FolderUnusableError) throw e;
      if (dirname(existing) === existing) break;
      existing = dirname(existing);
    }
  }
  try {
    mkdirSync(folder, { recursive: true });
    const probe = join(folder, `.fpb-write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    fail(
      `is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): fix its permissions or choose another path`,
    );
  }
  if (neededBytes > 0) {
    const { bavail, bsize } = statfsSync(folder);
    const free = Number(bavail) * Number(bsize);
    if (free < neededBytes)
      fail(
        `has ${(free / 2 ** 20).toFixed(0)} MiB free, and this run needs about ${(neededBytes / 2 ** 20).toFixed(0)} MiB: free space or choose another path`,
      );
  }
}
