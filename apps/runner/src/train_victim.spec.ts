import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@fpb/models';
import { getZooScale } from '@fpb/zoo';
import { trainVictim } from './train_victim';

describe('train-victim at tiny scale, end to end', () => {
  it('trains on X_v, prints and saves a test accuracy well above chance, reloads, and is not retrained', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'fpb-runner-'));
    const lines: string[] = [];
    const options = {
      scale: 'tiny',
      backend: 'wasm' as const,
      seed: 0,
      cacheDir,
      progress: false,
      log: (l: string) => lines.push(l),
    };
    const { dir, metadata, built } = await trainVictim(options);
    expect(built).toBe(true);
    expect(dir.startsWith(join(cacheDir, 'victim-'))).toBe(true);
    expect(metadata.accuracy).toBeGreaterThan(0.3); // 10 classes: chance is 0.1
    expect(metadata.extra).toMatchObject({
      role: 'victim',
      family: 'victim',
      subset: 'X_v',
      trainImages: 400,
      testImages: 200,
      backend: 'wasm',
      fidelity: 1,
    });
    expect(metadata.timings.trainSeconds).toBeGreaterThan(0);
    expect(lines.filter((l) => /^epoch \d+\/6: loss/.test(l))).toHaveLength(6);
    expect(lines.at(-1)).toMatch(
      new RegExp(`victim test accuracy ${(100 * metadata.accuracy!).toFixed(2)}% on 200 test images; trained in`),
    );
    const { model } = await loadModel(dir);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    const again = await trainVictim(options);
    expect(again.built).toBe(false);
    expect(lines.at(-1)).toMatch(/; already built/);
  });

  it('an unknown scale lists the known ones', () => {
    expect(() => getZooScale('huge')).toThrow("unknown scale 'huge'; choose one of tiny, mini, paper");
  });
});
