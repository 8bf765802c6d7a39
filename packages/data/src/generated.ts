import { createRng, deriveSeed, randomNormal } from '@fpb/tensor';
import { CHANNELS, IMAGE_SIZE, PIXELS_PER_IMAGE, type ImageDataset, type TrainTestData } from './dataset';

export interface GeneratedDataOptions {
  numClasses?: number;
  trainPerClass?: number;
  testPerClass?: number;
  /** Standard deviation of the per-pixel noise, in [0,255] units. */
  noise?: number;
  seed?: number;
}

/**
 * A CIFAR-shaped dataset that small nets learn in seconds: each class is a fixed smooth colour
 * pattern (a class-specific mix of oriented waves), each image that pattern shifted a little,
 * scaled in contrast, plus pixel noise. Used by tests and the `tiny` scale.
 */
export function generateDataset(options: GeneratedDataOptions = {}): TrainTestData {
  const { numClasses = 10, trainPerClass = 50, testPerClass = 20, noise = 40, seed = 0 } = options;
  const patterns = classPatterns(numClasses, deriveSeed(seed, 'patterns'));
  const classNames = Array.from({ length: numClasses }, (_, i) => `pattern_${i}`);
  const make = (perClass: number, label: string): ImageDataset => {
    const rng = createRng(deriveSeed(seed, label));
    const n = perClass * numClasses;
    const images = new Uint8Array(n * PIXELS_PER_IMAGE);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % numClasses; // interleaved, so any prefix is class-balanced
      labels[i] = c;
      const dx = Math.floor(rng() * 5) - 2;
      const dy = Math.floor(rng() * 5) - 2;
      const contrast = 0.7 + 0.6 * rng();
      for (let y = 0; y < IMAGE_SIZE; y++) {
        for (let x = 0; x < IMAGE_SIZE; x++) {
          const sy = (y + dy + IMAGE_SIZE) % IMAGE_SIZE;
          const sx = (x + dx + IMAGE_SIZE) % IMAGE_SIZE;
          for (let ch = 0; ch < CHANNELS; ch++) {
            const base = patterns[c][(sy * IMAGE_SIZE + sx) * CHANNELS + ch];
            const v = 128 + contrast * (base - 128) + noise * randomNormal(rng);
            images[i * PIXELS_PER_IMAGE + (y * IMAGE_SIZE + x) * CHANNELS + ch] = Math.max(
              0,
              Math.min(255, Math.round(v)),
            );
          }
        }
      }
    }
    return { images, labels, numClasses, classNames };
  };
  return { name: 'generated', train: make(trainPerClass, 'train'), test: make(testPerClass, 'test') };
}

function classPatterns(numClasses: number, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: numClasses }, () => {
    const waves = Array.from({ length: 3 }, () => ({
      fx: 1 + Math.floor(rng() * 4),
      fy: Math.floor(rng() * 4),
      phase: rng() * 2 * Math.PI,
      colour: [rng(), rng(), rng()].map((v) => v * 2 - 1),
    }));
    const p = new Float32Array(PIXELS_PER_IMAGE);
    for (let y = 0; y < IMAGE_SIZE; y++) {
      for (let x = 0; x < IMAGE_SIZE; x++) {
        for (let ch = 0; ch < CHANNELS; ch++) {
          let v = 0;
          for (const w of waves)
            v += w.colour[ch] * Math.sin((2 * Math.PI * (w.fx * x + w.fy * y)) / IMAGE_SIZE + w.phase);
          p[(y * IMAGE_SIZE + x) * CHANNELS + ch] = 128 + 40 * v;
        }
      }
    }
    return p;
  });
}
