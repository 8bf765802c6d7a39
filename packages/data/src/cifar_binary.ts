import { readFileSync, statSync } from 'node:fs';
import { CHANNELS, IMAGE_SIZE, PIXELS_PER_IMAGE } from './dataset';

/** The official CIFAR binary formats: label byte(s), then the R, G and B planes of 32x32. */
export interface CifarRecordFormat {
  /** 1 for CIFAR-10; 2 for CIFAR-100 (coarse, then fine). */
  labelBytes: 1 | 2;
  /** Which of the label bytes to keep (CIFAR-100: 0 = coarse, 1 = fine). */
  labelIndex: number;
}

export const CIFAR10_RECORD: CifarRecordFormat = { labelBytes: 1, labelIndex: 0 };
export const CIFAR100_FINE_RECORD: CifarRecordFormat = { labelBytes: 2, labelIndex: 1 };
export const CIFAR100_COARSE_RECORD: CifarRecordFormat = { labelBytes: 2, labelIndex: 0 };

export function recordSize(format: CifarRecordFormat): number {
  return format.labelBytes + PIXELS_PER_IMAGE;
}

export class CifarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CifarFormatError';
  }
}

/** Checks that a file holds a whole number of records and returns how many. */
export function countRecords(file: string, format: CifarRecordFormat): number {
  const size = statSync(file).size;
  const rs = recordSize(format);
  if (size === 0 || size % rs !== 0) {
    throw new CifarFormatError(
      `${file}: ${size} bytes is not a whole number of CIFAR records of ${rs} bytes ` +
        `(${Math.floor(size / rs)} records + ${size % rs} stray bytes); the file is truncated or not a ` +
        (format.labelBytes === 1
          ? 'CIFAR-10 binary file: fetch it again (npx nx run data:fetch)'
          : 'CIFAR-100 binary file: download cifar-100-binary.tar.gz again from the dataset authors'),
    );
  }
  return size / rs;
}

/** Decodes records (planar RGB) into NHWC uint8 images and labels. */
export function decodeRecords(
  bytes: Uint8Array,
  format: CifarRecordFormat,
  images: Uint8Array,
  labels: Uint8Array,
  offset = 0,
): number {
  const rs = recordSize(format);
  const n = bytes.length / rs;
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  for (let r = 0; r < n; r++) {
    const src = r * rs;
    labels[offset + r] = bytes[src + format.labelIndex];
    const pix = src + format.labelBytes;
    const dst = (offset + r) * PIXELS_PER_IMAGE;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < CHANNELS; c++) images[dst + p * CHANNELS + c] = bytes[pix + c * plane + p];
    }
  }
  return n;
}

/**
 * Reads one or more binary files into one set of images and labels. With `shared`, the arrays live
 * in SharedArrayBuffers: posting them to worker threads shares the memory instead of copying it.
 */
export function readCifarFiles(
  files: string[],
  format: CifarRecordFormat,
  shared = false,
): { images: Uint8Array; labels: Uint8Array; counts: number[] } {
  const counts = files.map((f) => countRecords(f, format));
  const total = counts.reduce((a, b) => a + b, 0);
  const alloc = (n: number) => new Uint8Array(shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
  const images = alloc(total * PIXELS_PER_IMAGE);
  const labels = alloc(total);
  let offset = 0;
  files.forEach((f) => {
    offset += decodeRecords(readFileSync(f), format, images, labels, offset);
  });
  return { images, labels, counts };
}

/** Encodes NHWC images + labels into the official planar layout (used by tests and converters). */
export function encodeRecords(images: Uint8Array, labelBytes: Uint8Array[], format: CifarRecordFormat): Uint8Array {
  const n = images.length / PIXELS_PER_IMAGE;
  const rs = recordSize(format);
  const out = new Uint8Array(n * rs);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  for (let r = 0; r < n; r++) {
    out.set(labelBytes[r].subarray(0, format.labelBytes), r * rs);
    const pix = r * rs + format.labelBytes;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < CHANNELS; c++) out[pix + c * plane + p] = images[r * PIXELS_PER_IMAGE + p * CHANNELS + c];
    }
  }
  return out;
}
