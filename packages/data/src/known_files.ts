import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomically } from '@fpb/files';
import { CifarFormatError, countRecords, type CifarRecordFormat } from './cifar_binary';

/** What the official files of a dataset hold: records per file and, where known, their SHA-256. */
export interface KnownFiles {
  dataset: string;
  format: CifarRecordFormat;
  records: Readonly<Record<string, number>>;
  sha256?: Readonly<Record<string, string>>;
}

export interface IntegrityOptions {
  /** Accept files that are not the official ones (other record counts), with a warning. */
  partial?: boolean;
  log?: (line: string) => void;
  /** Where verified hashes are remembered (by path, size and modification time). */
  verifiedFile?: string;
  /** How to name the fix for a damaged file. */
  fetchHint?: string;
}

type Verified = Record<string, { size: number; mtimeMs: number; sha256: string }>;

function readVerified(file: string | undefined): Verified {
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Verified;
  } catch {
    return {}; // unreadable: hash again
  }
}

/**
 * Checks a folder of a known dataset before its bytes are used. A file whose record count is not the
 * official one (a file cut short would otherwise just give fewer images), or whose SHA-256 differs
 * from the official one (damaged bytes), is refused unless `partial` allows files that are not the
 * official ones, with a warning. Without a checksum list (CIFAR-100 here) a warning says the bytes
 * were not verified. Hashes are remembered by path, size and modification time, so a second load
 * costs a stat per file.
 */
export function checkKnownFiles(folder: string, known: KnownFiles, options: IntegrityOptions = {}): void {
  const { partial = false, log = () => undefined, verifiedFile, fetchHint = 'fetch it again' } = options;
  const counts = Object.keys(known.records).map((f) => ({ f, n: countRecords(join(folder, f), known.format) }));
  const off = counts.filter(({ f, n }) => n !== known.records[f]);
  if (off.length > 0) {
    const list = off.map(({ f, n }) => `${f} has ${n} records, the official file ${known.records[f]}`).join('; ');
    if (!partial)
      throw new CifarFormatError(
        `${folder}: ${list}. The files are cut short or not the official ${known.dataset}: ${fetchHint}, or pass --partial-data to use them as they are`,
      );
    log(
      `warning: ${folder} does not hold the official ${known.dataset} (${list}); results are not comparable with the paper's`,
    );
    return;
  }
  if (!known.sha256) {
    log(
      `warning: ${known.dataset} in ${folder} has the official record counts but no checksum list is known: its bytes are not verified`,
    );
    return;
  }
  const verified = readVerified(verifiedFile);
  let changed = false;
  const damaged: string[] = [];
  for (const [f, expected] of Object.entries(known.sha256)) {
    const path = resolve(folder, f);
    const { size, mtimeMs } = statSync(path);
    const seen = verified[path];
    let sha = seen && seen.size === size && seen.mtimeMs === mtimeMs ? seen.sha256 : undefined;
    if (!sha) {
      sha = createHash('sha256').update(readFileSync(path)).digest('hex');
      verified[path] = { size, mtimeMs, sha256: sha };
      changed = true;
    }
    if (sha !== expected) damaged.push(f);
  }
  if (changed && verifiedFile) writeFileAtomically(verifiedFile, JSON.stringify(verified, null, 1));
  if (damaged.length === 0) return;
  const what = `${damaged.join(', ')} in ${folder} ${damaged.length === 1 ? 'fails' : 'fail'} the official ${known.dataset} SHA-256 check`;
  if (!partial)
    throw new CifarFormatError(
      `${what}: the bytes are damaged; ${fetchHint}, or pass --partial-data to use them as they are`,
    );
  log(`warning: ${what}; used as they are (--partial-data); results are not comparable with the paper's`);
}
