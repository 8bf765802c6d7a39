import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { commitFile, discardFile, sha256File } from './atomic_file';
import { CIFAR10_FOLDER } from './cifar';
import { CIFAR10_OFFICIAL_ARCHIVE, CIFAR10_SHA256 } from './cifar10_checksums';
import { ChecksumMismatchError, downloadFile } from './download';
import { silentProgress, type ProgressListener } from './progress';
import { extractMembers } from './safe_tar';

export interface FetchOptions {
  /** The data directory; files land in <dataDir>/cifar-10-batches-bin. */
  dataDir: string;
  url?: string;
  archiveSha256?: string;
  /** Expected SHA-256 of each produced file (default: the official list). */
  fileSha256?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  onProgress?: ProgressListener;
  log?: (line: string) => void;
}

export interface FetchResult {
  folder: string;
  /** False when verified files were already there and nothing was fetched. */
  fetched: boolean;
}

/** Which expected files in `folder` are missing or fail their checksum. */
export async function verifyFolder(folder: string, expected: Readonly<Record<string, string>>): Promise<Array<{ file: string; problem: string }>> {
  const problems: Array<{ file: string; problem: string }> = [];
  for (const [file, sha] of Object.entries(expected)) {
    const path = join(folder, file);
    if (!existsSync(path)) {
      problems.push({ file, problem: 'missing' });
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== sha) problems.push({ file, problem: `SHA-256 ${actual} instead of ${sha} (truncated or altered)` });
  }
  return problems;
}

/**
 * Downloads the official CIFAR-10 binary archive, checks it, extracts only the expected files
 * (no member may escape the folder), checks each file and moves it into place atomically.
 * Does nothing when every file is already present and verified.
 */
export async function fetchCifar10Official(options: FetchOptions): Promise<FetchResult> {
  const {
    dataDir,
    url = CIFAR10_OFFICIAL_ARCHIVE.url,
    archiveSha256 = CIFAR10_OFFICIAL_ARCHIVE.sha256,
    fileSha256 = CIFAR10_SHA256,
    timeoutMs,
    onProgress = silentProgress,
    log = () => undefined,
  } = options;
  const folder = join(dataDir, CIFAR10_FOLDER);
  const before = await verifyFolder(folder, fileSha256);
  if (before.length === 0) {
    log(`CIFAR-10 already present and verified in ${folder}; nothing to do`);
    return { folder, fetched: false };
  }
  for (const p of before.filter((b) => b.problem !== 'missing')) log(`warning: ${join(folder, p.file)}: ${p.problem}; fetching it again`);
  mkdirSync(folder, { recursive: true });
  const archive = join(dataDir, `.${basename(new URL(url).pathname) || 'cifar-10-binary.tar.gz'}`);
  try {
    await downloadFile(url, archive, { sha256: archiveSha256, onProgress, timeoutMs, label: basename(new URL(url).pathname) });
    const wanted = new Set([...Object.keys(fileSha256), 'batches.meta.txt']);
    const extracted = await extractMembers(archive, folder, (member) => {
      const parts = member.split('/').filter(Boolean);
      return parts.length === 2 && parts[0] === CIFAR10_FOLDER && wanted.has(parts[1]) ? parts[1] : undefined;
    });
    try {
      for (const [file, sha] of Object.entries(fileSha256)) {
        const tmp = extracted.get(file);
        if (!tmp) throw new Error(`${url}: the archive has no ${CIFAR10_FOLDER}/${file}; it is not the CIFAR-10 binary archive`);
        const actual = await sha256File(tmp);
        if (actual !== sha) throw new ChecksumMismatchError(`${CIFAR10_FOLDER}/${file}`, sha, actual, 'The archive does not hold the official files; nothing was replaced.');
      }
      for (const [file, tmp] of extracted) commitFile(tmp, join(folder, file));
    } finally {
      for (const tmp of extracted.values()) discardFile(tmp);
    }
  } finally {
    rmSync(archive, { force: true });
  }
  log(`CIFAR-10 fetched from ${url} and verified in ${folder}`);
  return { folder, fetched: true };
}
