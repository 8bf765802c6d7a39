import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@fpb/tensor';
import { getArchitecture } from './architectures/registry';
import { loadModel, ModelCorruptError, readModelMetadata, saveModel } from './model_store';

beforeAll(() => initBackend('wasm', () => undefined));

const meta = {
  architecture: 'resnet8',
  width: 4,
  numClasses: 10,
  seed: 5,
  parents: ['victim-abc'],
  accuracy: 0.5,
  timings: { trainSeconds: 1.5 },
  extra: { family: 'PM_FL' },
};

async function savedModel(): Promise<{ dir: string; model: tf.LayersModel }> {
  const root = mkdtempSync(join(tmpdir(), 'fpb-models-'));
  const dir = join(root, 'm1');
  const model = getArchitecture('resnet8').build({ numClasses: 10, seed: 5, width: 4 });
  await saveModel(model, dir, meta);
  return { dir, model };
}

describe('model save/load', () => {
  it('round-trips topology, weights and metadata; outputs are identical', async () => {
    const { dir, model } = await savedModel();
    expect(readdirSync(dir).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
    const { model: loaded, metadata } = await loadModel(dir);
    expect(metadata).toEqual(meta);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 2);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(readModelMetadata(dir).parents).toEqual(['victim-abc']);
  });

  it('overwrites atomically and leaves no temporary folder', async () => {
    const { dir, model } = await savedModel();
    await saveModel(model, dir, { ...meta, accuracy: 0.9 });
    expect(readModelMetadata(dir).accuracy).toBe(0.9);
    expect(readdirSync(join(dir, '..'))).toEqual(['m1']);
  });

  it.each([
    [
      'truncated weights',
      (d: string) => truncateSync(join(d, 'weights.bin'), 100),
      /weights\.bin has 100 bytes, expected \d+ \(truncated\)/,
    ],
    [
      'altered weights',
      (d: string) => {
        const f = join(d, 'weights.bin');
        const n = statSync(f).size;
        truncateSync(f, n - 4);
        appendFileSync(f, Buffer.from([1, 2, 3, 4]));
      },
      /weights\.bin fails its SHA-256 check/,
    ],
    ['missing manifest (killed while saving)', (d: string) => rmSync(join(d, 'meta.json')), /meta\.json is missing/],
    ['garbage manifest', (d: string) => writeFileSync(join(d, 'meta.json'), '{"format":'), /meta\.json is unreadable/],
  ])('detects %s and says how to fix it', async (_name, damage, message) => {
    const { dir } = await savedModel();
    damage(dir);
    const err = await loadModel(dir).catch((e) => e);
    expect(err).toBeInstanceOf(ModelCorruptError);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(dir);
    expect(err.message).toContain('delete the folder and train it again');
  });

  it('a folder that does not exist is a plain error', async () => {
    const missing = join(tmpdir(), 'fpb-no-such-model');
    expect(existsSync(missing)).toBe(false);
    await expect(loadModel(missing)).rejects.toThrow(`${missing}: no saved model here`);
  });
});
