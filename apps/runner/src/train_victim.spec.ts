import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getScale, loadModel } from '@fpb/models';
import { trainVictim } from './train_victim';

describe('train-victim at tiny scale, end to end', () => {
  it('trains on X_v, prints and saves a test accuracy well above chance, and the model reloads', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fpb-runner-'));
    const lines: string[] = [];
    const { dir, metadata } = await trainVictim({ scale: getScale('tiny'), backend: 'wasm', seed: 0, out, progress: false, log: (l) => lines.push(l) });
    expect(dir).toBe(join(out, 'victim'));
    expect(metadata.accuracy).toBeGreaterThan(0.3); // 10 classes: chance is 0.1
    expect(metadata.extra).toMatchObject({ role: 'victim', scale: 'tiny', subset: 'X_v', trainImages: 400, testImages: 200, backend: 'wasm' });
    expect(metadata.timings.trainSeconds).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(new RegExp(`victim test accuracy ${(100 * metadata.accuracy!).toFixed(2)}% on 200 test images`));
    const { model } = await loadModel(dir);
    expect(model.outputs[0].shape).toEqual([null, 10]);
  });

  it('an unknown scale lists the known ones', () => {
    expect(() => getScale('huge')).toThrow("unknown scale 'huge'; choose one of tiny, mini, paper");
  });
});
