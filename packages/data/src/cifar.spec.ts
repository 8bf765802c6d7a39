import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR10_CLASSES, CIFAR10_TRAIN_FILES, DatasetNotFoundError, loadCifar10, loadCifar100 } from './cifar';
import { CIFAR100_FINE_RECORD, CifarFormatError, countRecords, encodeRecords } from './cifar_binary';
import { indicesByClass, PIXELS_PER_IMAGE } from './dataset';
import { cifar10FixtureDir, FIXTURE_TRAIN_PER_CLASS } from './testing/cifar10_fixture';

describe('CIFAR-10 binary reader', () => {
  const dir = cifar10FixtureDir();

  it('reads every record of the five training files and the test file, with the class names', () => {
    const lines: string[] = [];
    const data = loadCifar10(dir, { log: (l) => lines.push(l), partial: true });
    expect(data.train.labels.length).toBe(465); // 60 + 57 + ... + 33
    expect(data.test.labels.length).toBe(120);
    expect(data.train.images.length).toBe(465 * PIXELS_PER_IMAGE);
    expect(indicesByClass(data.train.labels, 10).map((c) => c.length)).toEqual(FIXTURE_TRAIN_PER_CLASS);
    expect(data.train.classNames).toEqual(CIFAR10_CLASSES);
    expect([CIFAR10_CLASSES[0], CIFAR10_CLASSES[9]]).toEqual(['airplane', 'truck']); // the official order
    expect(lines[0]).toMatch(
      /^warning: .* does not hold the official CIFAR-10 \(data_batch_1\.bin has 93 records, the official file 10000;/,
    );
    expect(lines[1]).toContain('data_batch_1.bin (93)');
  });

  it('turns the planar R,G,B record into NHWC pixels', () => {
    const raw = readFileSync(join(dir, 'data_batch_1.bin'));
    const data = loadCifar10(dir, { partial: true });
    const rec = 1; // second record
    const base = rec * 3073;
    expect(data.train.labels[rec]).toBe(raw[base]);
    for (const [y, x] of [
      [0, 0],
      [5, 17],
      [31, 31],
    ]) {
      for (let c = 0; c < 3; c++) {
        expect(data.train.images[rec * PIXELS_PER_IMAGE + (y * 32 + x) * 3 + c]).toBe(
          raw[base + 1 + c * 1024 + y * 32 + x],
        );
      }
    }
  });

  it('rejects a file that is not a whole number of records, naming file, size and record size', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fpb-cifar-'));
    const bad = join(tmp, 'data_batch_1.bin');
    writeFileSync(bad, readFileSync(join(dir, 'data_batch_1.bin')).subarray(0, 3073 * 2 + 100));
    expect(() => countRecords(bad, { labelBytes: 1, labelIndex: 0 })).toThrow(CifarFormatError);
    expect(() => countRecords(bad, { labelBytes: 1, labelIndex: 0 })).toThrow(
      `${bad}: 6246 bytes is not a whole number of CIFAR records of 3073 bytes (2 records + 100 stray bytes)`,
    );
  });

  it('says which files are missing and how to get them', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fpb-cifar-'));
    copyFileSync(join(dir, CIFAR10_TRAIN_FILES[0]), join(tmp, CIFAR10_TRAIN_FILES[0]));
    expect(() => loadCifar10(tmp)).toThrow(DatasetNotFoundError);
    expect(() => loadCifar10(tmp)).toThrow(/missing data_batch_2\.bin, .*test_batch\.bin.*FPB_DATA_DIR.*data:fetch/);
  });

  it('accepts the parent folder holding cifar-10-batches-bin', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fpb-cifar-'));
    mkdirSync(join(tmp, 'cifar-10-batches-bin'));
    for (const f of [...CIFAR10_TRAIN_FILES, 'test_batch.bin'])
      copyFileSync(join(dir, f), join(tmp, 'cifar-10-batches-bin', f));
    expect(loadCifar10(tmp, { partial: true }).train.labels.length).toBe(465);
  });
});

describe('CIFAR-100 binary reader (on generated files)', () => {
  it('reads coarse and fine labels from 2-byte-label records', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fpb-cifar100-'));
    const n = 6;
    const images = Uint8Array.from({ length: n * PIXELS_PER_IMAGE }, (_, i) => (i * 7) % 256);
    const labels = Array.from({ length: n }, (_, i) => Uint8Array.of(i % 20, (i * 13) % 100));
    writeFileSync(join(tmp, 'train.bin'), encodeRecords(images, labels, CIFAR100_FINE_RECORD));
    writeFileSync(
      join(tmp, 'test.bin'),
      encodeRecords(images.subarray(0, 2 * PIXELS_PER_IMAGE), labels.slice(0, 2), CIFAR100_FINE_RECORD),
    );
    const fine = loadCifar100(tmp, 'fine', { partial: true });
    const coarse = loadCifar100(tmp, 'coarse', { partial: true });
    expect(Array.from(fine.train.labels)).toEqual(labels.map((l) => l[1]));
    expect(Array.from(coarse.train.labels)).toEqual(labels.map((l) => l[0]));
    expect(fine.train.numClasses).toBe(100);
    expect(coarse.test.labels.length).toBe(2);
    expect(Array.from(fine.train.images)).toEqual(Array.from(images));
  });

  it('rejects a CIFAR-10 file given as CIFAR-100 (record size 3074)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fpb-cifar100-'));
    writeFileSync(join(tmp, 'train.bin'), new Uint8Array(3073 * 2));
    writeFileSync(join(tmp, 'test.bin'), new Uint8Array(3074));
    expect(() => loadCifar100(tmp)).toThrow(
      /train\.bin: 6146 bytes is not a whole number of CIFAR records of 3074 bytes/,
    );
    // CIFAR-100 cannot be fetched by this project: the fix names where to get it.
    expect(() => loadCifar100(tmp)).toThrow(/download cifar-100-binary\.tar\.gz again from the dataset authors$/);
  });
});
