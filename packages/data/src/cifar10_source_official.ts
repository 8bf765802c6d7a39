import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CIFAR10_FOLDER } from './cifar';
import { CIFAR10_OFFICIAL_ARCHIVE } from './cifar10_checksums';
import type { Cifar10Source } from './cifar10_source';
import { downloadFile } from './download';
import { extractMembers, membersOf } from './safe_tar';

export interface OfficialSourceOptions {
  url?: string;
  archiveSha256?: string;
  timeoutMs?: number;
}

/**
 * The dataset authors' cifar-10-binary.tar.gz: streamed with progress, checked against its SHA-256,
 * then only the expected members are extracted (a member escaping the folder fails the archive).
 */
export function officialSource(options: OfficialSourceOptions = {}): Cifar10Source {
  const { url = CIFAR10_OFFICIAL_ARCHIVE.url, archiveSha256 = CIFAR10_OFFICIAL_ARCHIVE.sha256, timeoutMs } = options;
  return async ({ folder, files, onProgress }) => {
    const name = basename(new URL(url).pathname) || 'cifar-10-binary.tar.gz';
    const archive = join(folder, `.${name}.download`);
    try {
      await downloadFile(url, archive, { sha256: archiveSha256, onProgress, timeoutMs, label: name });
      const extracted = await extractMembers(archive, folder, membersOf(CIFAR10_FOLDER, files));
      const missing = files.filter((f) => !extracted.has(f));
      if (missing.length > 0) {
        for (const tmp of extracted.values()) rmSync(tmp, { force: true });
        throw new Error(
          `${url}: the archive lacks ${missing.map((f) => `${CIFAR10_FOLDER}/${f}`).join(', ')}; it is not the CIFAR-10 binary archive`,
        );
      }
      return extracted;
    } finally {
      rmSync(archive, { force: true });
    }
  };
}
