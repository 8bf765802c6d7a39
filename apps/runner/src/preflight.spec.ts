import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExperimentConfig } from './experiments/experiment_config';
import { runExperiment } from './experiments/run_experiment';
import { trainVictim } from './train_victim';
import { runZoo } from './zoo/run_zoo';

const root = join(__dirname, '../../..');

/** A folder holding one file, `file`, to point output flags at. */
function withFile(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-preflight-'));
  const file = join(dir, 'file');
  writeFileSync(file, 'not a folder');
  return { dir, file };
}

// Output folders are checked before any data is read or model trained: a mistake costs seconds, not hours.
describe('folders are checked before any work', () => {
  const config = readExperimentConfig(join(root, 'experiments/smoke.json'));

  it('a cache folder that is a file stops the experiment at once, naming it', async () => {
    const { dir, file } = withFile();
    const lines: string[] = [];
    await expect(
      runExperiment({ config, backend: 'wasm', cacheDir: file, resultsDir: join(dir, 'r'), log: (l) => lines.push(l) }),
    ).rejects.toThrow(`the zoo cache ${file} is a file, not a folder: choose another path`);
    expect(lines.some((l) => /built|training subset|tensor backend/.test(l))).toBe(false);
  });

  it('a results folder that cannot be made stops the experiment at once, naming the file in the way', async () => {
    const { dir, file } = withFile();
    await expect(
      runExperiment({
        config,
        backend: 'wasm',
        cacheDir: join(dir, 'c'),
        resultsDir: join(file, 'smoke'),
        log: () => undefined,
      }),
    ).rejects.toThrow(
      `the results folder ${join(file, 'smoke')} cannot be made: ${file} is a file: choose another path`,
    );
  });

  it('an explicit backend that cannot start stops the zoo once, before any model, with its one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-backend-'));
    const lines: string[] = [];
    await expect(
      runZoo({
        scale: 'tiny',
        seed: 0,
        backend: 'tensorflow',
        cacheDir: join(dir, 'c'),
        resultsDir: join(dir, 'r'),
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow(/tensorflow/);
    expect(lines.filter((l) => /built|FAILED/.test(l))).toEqual([]);
  }, 60_000);

  it('train-victim checks its cache folder too', async () => {
    const { file } = withFile();
    await expect(
      trainVictim({ scale: 'tiny', backend: 'wasm', seed: 0, cacheDir: file, progress: false, log: () => undefined }),
    ).rejects.toThrow(`the zoo cache ${file} is a file`);
  });
});
