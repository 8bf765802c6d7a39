/** Images are 32x32 RGB, stored once as uint8 in NHWC order; batches become float on the fly. */
export const IMAGE_SIZE = 32;
export const CHANNELS = 3;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE * CHANNELS;

export interface ImageDataset {
  /** N * 32 * 32 * 3 bytes, image-major, then row, column, channel (NHWC). */
  images: Uint8Array;
  /** One label per image, 0-based. */
  labels: Uint8Array;
  numClasses: number;
  classNames: string[];
}

export interface TrainTestData {
  name: string;
  train: ImageDataset;
  test: ImageDataset;
}

export function datasetSize(d: ImageDataset): number {
  return d.labels.length;
}

/** Indices of each class, in dataset order. */
export function indicesByClass(labels: ArrayLike<number>, numClasses: number): number[][] {
  const out: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) out[labels[i]].push(i);
  return out;
}

/**
 * The images and labels at `indices`, copied into a new dataset (used to draw subsets). A subset of a
 * dataset in shared memory is in shared memory too, so worker threads can still share it.
 */
export function subset(d: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  const shared = d.images.buffer instanceof SharedArrayBuffer;
  const alloc = (n: number) => new Uint8Array(shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
  const images = alloc(indices.length * PIXELS_PER_IMAGE);
  const labels = alloc(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    images.set(d.images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE), k * PIXELS_PER_IMAGE);
    labels[k] = d.labels[i];
  }
  return { images, labels, numClasses: d.numClasses, classNames: d.classNames };
}
