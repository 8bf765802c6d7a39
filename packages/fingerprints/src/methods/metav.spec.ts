import { noiseImages } from './metav';

describe("MetaV's starting queries", () => {
  it('are grey images with slight Gaussian noise, not dataset images, the same for the same seed', () => {
    const x = noiseImages(10, 0.1, 7);
    expect(x).toHaveLength(10 * 3072);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(std).toBeCloseTo(0.1, 2);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    expect(noiseImages(10, 0.1, 7)).toEqual(x);
    expect(noiseImages(10, 0.1, 8)).not.toEqual(x);
  });
});
