import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { commitFile, discardFile } from '@fpb/files';
import { CIFAR100_FOLDER, locateFiles } from './cifar';
import { CIFAR100_FINE_RECORD, countRecords } from './cifar_binary';
import { downloadFile } from './download';
import { silentProgress, type ProgressListener } from '@fpb/progress';
import { extractMembers, membersOf } from './safe_tar';

export const CIFAR100_OFFICIAL_URL = 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz';
const FILES = { 'train.bin': 50_000, 'test.bin': 10_000 } as const;
const NAMES = ['coarse_label_names.txt', 'fine_label_names.txt'];

export interface Cifar100FetchOptions {
  dataDir: string;
  url?: string;
  /** Expected record counts (tests use a small archive). */
  records?: Readonly<Record<string, number>>;
  timeoutMs?: number;
  onProgress?: ProgressListener;
  log?: (line: string) => void;
}

/**
 * CIFAR-100 from the official archive only (no other source exists here). Files are checked by
 * their record structure and counts before being moved into place. Where the server cannot be
 * reached, the error says which archive to download by hand and where to put it.
 */
export async function fetchCifar100(options: Cifar100FetchOptions): Promise<{ folder: string; fetched: boolean }> {
  const {
    dataDir,
    url = CIFAR100_OFFICIAL_URL,
    records = FILES,
    timeoutMs = 30_000,
    onProgress = silentProgress,
    log = () => undefined,
  } = options;
  const folder = join(dataDir, CIFAR100_FOLDER);
  try {
    locateFiles(dataDir, CIFAR100_FOLDER, Object.keys(records), 'CIFAR-100', '');
    const counts = Object.keys(records).map((f) => countRecords(join(folder, f), CIFAR100_FINE_RECORD));
    if (counts.every((n, i) => n === Object.values(records)[i])) {
      log(`CIFAR-100 already present in ${folder}; nothing to do`);
      return { folder, fetched: false };
    }
  } catch {
    // missing or malformed: fetch below
  }
  mkdirSync(folder, { recursive: true });
  const archive = join(dataDir, '.cifar-100-binary.tar.gz.download');
  try {
    await downloadFile(url, archive, { onProgress, timeoutMs, label: 'cifar-100-binary.tar.gz' }).catch((e: Error) => {
      throw new Error(
        `${e.message}. CIFAR-100 has no other source here: download cifar-100-binary.tar.gz from ${url} by hand, ` +
          `unpack it, and put its ${CIFAR100_FOLDER}/ folder (train.bin, test.bin) into ${dataDir}`,
      );
    });
    const extracted = await extractMembers(
      archive,
      folder,
      membersOf(CIFAR100_FOLDER, [...Object.keys(records), ...NAMES]),
    );
    try {
      for (const [file, expected] of Object.entries(records)) {
        const tmp = extracted.get(file);
        if (!tmp) throw new Error(`${url}: the archive has no ${CIFAR100_FOLDER}/${file}`);
        const n = countRecords(tmp, CIFAR100_FINE_RECORD);
        if (n !== expected)
          throw new Error(
            `${CIFAR100_FOLDER}/${file}: ${n} records, expected ${expected}; the archive is not the official one`,
          );
      }
      for (const [file, tmp] of extracted) commitFile(tmp, join(folder, file));
    } finally {
      for (const tmp of extracted.values()) discardFile(tmp);
    }
  } finally {
    rmSync(archive, { force: true });
  }
  log(`CIFAR-100 fetched from ${url} into ${folder}`);
  return { folder, fetched: true };
}
