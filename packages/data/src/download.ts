import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { commitFile, discardFile, temporaryPathFor } from '@fpb/files';
import { silentProgress, type ProgressListener } from '@fpb/progress';

export class ChecksumMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
    fix: string,
  ) {
    super(`${file}: SHA-256 is ${actual}, expected ${expected}. ${fix}`);
    this.name = 'ChecksumMismatchError';
  }
}

export interface DownloadOptions {
  /** Expected SHA-256 (hex) of the whole file; a mismatch leaves nothing at `dest`. */
  sha256?: string;
  onProgress?: ProgressListener;
  /** Abort when no byte arrives for this long (ms). */
  timeoutMs?: number;
  label?: string;
}

/**
 * Streams `url` to `dest` through a temporary file, hashing on the way; the file appears at `dest`
 * only once complete and verified. Returns the SHA-256 of what was downloaded.
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<string> {
  const { sha256, onProgress = silentProgress, timeoutMs = 30_000, label = url } = options;
  mkdirSync(dirname(dest), { recursive: true });
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const resetTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
  const tmp = temporaryPathFor(dest);
  try {
    const response = await fetch(url, { signal: controller.signal }).catch((e: Error) => {
      throw new Error(`cannot reach ${url}: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    });
    if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
    const total = Number(response.headers.get('content-length')) || undefined;
    const hash = createHash('sha256');
    let done = 0;
    onProgress({ kind: 'start', task: label, total, unit: 'bytes' });
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        resetTimer();
        hash.update(chunk);
        done += chunk.length;
        onProgress({ kind: 'progress', task: label, done, total });
        cb(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      meter,
      createWriteStream(tmp),
    );
    if (total !== undefined && done !== total)
      throw new Error(`${url}: received ${done} of ${total} bytes; the connection broke, try again`);
    const actual = hash.digest('hex');
    if (sha256 && actual !== sha256.toLowerCase())
      throw new ChecksumMismatchError(
        url,
        sha256,
        actual,
        'The download is corrupt or not the expected file; nothing was kept. Try again or use another source.',
      );
    commitFile(tmp, dest);
    onProgress({ kind: 'done', task: label });
    return actual;
  } catch (e) {
    discardFile(tmp);
    if (controller.signal.aborted)
      throw new Error(`${url}: no data for ${timeoutMs} ms; the network is unreachable or too slow`, { cause: e });
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
