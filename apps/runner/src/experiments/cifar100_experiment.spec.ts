import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR100_FINE_RECORD, encodeRecords, generateDataset, type ImageDataset } from '@fpb/data';
import { METHODS } from '@fpb/fingerprints';
import { getZooScale, loadExperimentData, planZoo } from '@fpb/zoo';
import { runZoo } from '../zoo/run_zoo';
import { withPaperValues } from './paper_values';

/** CIFAR-100's binary files (train.bin, test.bin: coarse and fine label bytes) holding generated 100-class images. */
function writeGeneratedCifar100(dir: string): void {
  const data = generateDataset({ numClasses: 100, trainPerClass: 20, testPerClass: 2, noise: 10, seed: 3 });
  const write = (file: string, d: ImageDataset) =>
    writeFileSync(
      join(dir, file),
      encodeRecords(
        d.images,
        Array.from(d.labels, (fine) => Uint8Array.of(fine % 20, fine)),
        CIFAR100_FINE_RECORD,
      ),
    );
  write('train.bin', data.train);
  write('test.bin', data.test);
}

// Nothing of CIFAR-100 is reachable here: the experiment's CIFAR-100 path is tested on generated files.
// What it adds to the CIFAR-10 pipeline (tested end to end elsewhere) is the data path, the 100-way
// heads, the data identity in the cache keys, and the paper's CIFAR-100 column.
describe('experiments:cifar100', () => {
  it('reads the CIFAR-100 files of the data folder and trains a 100-way victim under its own cache key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-cifar100-exp-'));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    writeGeneratedCifar100(dataDir);
    const lines: string[] = [];
    const r = await runZoo({
      scale: 'tiny',
      seed: 0,
      backend: 'wasm',
      workers: 1,
      dataDir,
      dataset: 'cifar100',
      partialData: true, // generated files: 2,000 training records, not the official 50,000
      models: ['victim'],
      cacheDir: join(dir, 'cache'),
      resultsDir: join(dir, 'results'),
      log: (l) => lines.push(l),
    });
    expect(r.built).toEqual(['victim']);
    expect(lines).toContain('training subset: 2000 of 2000 images (at most 100 per class); test set: all 200');
    expect(
      lines.some((l) =>
        /^warning: .* does not hold the official CIFAR-100 \(train\.bin has 2000 records, the official file 50000/.test(
          l,
        ),
      ),
    ).toBe(true);
    const victimDir = readdirSync(join(dir, 'cache')).find((d) => d.startsWith('victim-'))!;
    const model = readFileSync(join(dir, 'cache', victimDir, 'model.json'), 'utf8');
    expect(model.match(/"units":\d+/g)?.pop()).toBe('"units":100');
    const meta = JSON.parse(readFileSync(join(dir, 'cache', victimDir, 'meta.json'), 'utf8'));
    expect(meta.metadata.accuracy).toBeGreaterThan(0.03); // chance is 0.01; 20 images per class
    // The data identity is in the key: the tiny scale's own (generated, 10-class) victim is another model.
    const tiny = getZooScale('tiny');
    const ownVictim = planZoo(tiny, 0, (await loadExperimentData(tiny.base, { seed: 0 })).identity)[0];
    expect(victimDir.endsWith(ownVictim.key)).toBe(false);
    expect(victimDir).toMatch(/^victim-[0-9a-f]{16}$/);
  }, 300_000);

  it("shows the paper's CIFAR-100 values beside ours, and '-' where the paper has none", () => {
    const table = {
      title: 't',
      columns: ['Method', 'MIR'],
      rows: [
        ['SAC-m', '0.10'],
        ['IPGuard', '0.20'],
      ],
    };
    expect(withPaperValues(table, METHODS, 'cifar100').rows).toEqual([
      ['SAC-m', '0.10', '0.61', '0.52'],
      ['IPGuard', '0.20', '-', '-'],
    ]);
    expect(withPaperValues(table, METHODS, 'cifar10').rows[0].slice(2)).toEqual(['0.21', '0.10']);
  });
});
