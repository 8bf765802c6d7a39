import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { discardFile, temporaryPathFor } from '@fpb/files';

export class UnsafeArchiveError extends Error {
  constructor(archive: string, member: string) {
    super(
      `${archive}: member '${member}' would be written outside the target folder; the archive is not trustworthy, nothing from it was kept`,
    );
    this.name = 'UnsafeArchiveError';
  }
}

/** A member name that is absolute or climbs out of the target ('..') is refused. */
export function isUnsafeMemberName(name: string): boolean {
  if (isAbsolute(name) || /^[a-zA-Z]:[\\/]/.test(name) || name.startsWith('\\')) return true;
  return posix.normalize(name.replace(/\\/g, '/')).split('/').includes('..');
}

/**
 * Extracts only the wanted members of a (gzipped) tar archive, each to a temporary file in
 * `targetDir`. Returns base name -> temporary path; the caller verifies and commits them. Any
 * unsafe member name fails the whole extraction.
 */
export async function extractMembers(
  archive: string,
  targetDir: string,
  wanted: (memberName: string) => string | undefined,
): Promise<Map<string, string>> {
  mkdirSync(targetDir, { recursive: true });
  const written = new Map<string, string>();
  const writes: Promise<void>[] = [];
  let unsafe: string | undefined;
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      if (isUnsafeMemberName(entry.path)) unsafe ??= entry.path;
      const name = unsafe ? undefined : wanted(entry.path);
      if (!name || entry.type !== 'File') {
        entry.resume();
        return;
      }
      const tmp = temporaryPathFor(join(targetDir, name));
      written.set(name, tmp);
      writes.push(pipeline(entry, createWriteStream(tmp)));
    },
  });
  await pipeline(createReadStream(archive), parser);
  await Promise.all(writes);
  if (unsafe) {
    for (const tmp of written.values()) discardFile(tmp);
    throw new UnsafeArchiveError(archive, unsafe);
  }
  return written;
}

/** A member picker for `extractMembers`: `<folder>/<name>` for a wanted name gives that name; anything else is skipped. */
export function membersOf(folder: string, names: Iterable<string>): (memberName: string) => string | undefined {
  const wanted = new Set(names);
  return (member) => {
    const parts = member.split('/').filter(Boolean);
    return parts.length === 2 && parts[0] === folder && wanted.has(parts[1]) ? parts[1] : undefined;
  };
}
