import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR10_CLASSES, CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from '../cifar';
import { CIFAR10_RECORD, encodeRecords } from '../cifar_binary';
import { PIXELS_PER_IMAGE } from '../dataset';
import { generateDataset } from '../generated';

/** The fixture's training images per class: deliberately unequal (60, 57, ..., 33), as real subsets are. */
export const FIXTURE_TRAIN_PER_CLASS = CIFAR10_CLASSES.map((_, c) => 60 - 3 * c);
export const FIXTURE_TEST_PER_CLASS = 12;

/**
 * Writes CIFAR-10 in the official binary layout (five training files, one test file, batches.meta.txt)
 * from generated images, so tests read real-format bytes without any data outside the repository.
 * Training records are dealt round-robin over the five files.
 */
export function writeCifar10Fixture(folder: string, seed = 0): string {
  mkdirSync(folder, { recursive: true });
  const data = generateDataset({
    trainPerClass: Math.max(...FIXTURE_TRAIN_PER_CLASS),
    testPerClass: FIXTURE_TEST_PER_CLASS,
    seed,
  });
  const seen = new Array<number>(10).fill(0);
  const kept = Array.from(data.train.labels.keys()).filter(
    (i) => seen[data.train.labels[i]]++ < FIXTURE_TRAIN_PER_CLASS[data.train.labels[i]],
  );
  const encode = (set: { images: Uint8Array; labels: Uint8Array }, idx: number[]) => {
    const images = new Uint8Array(idx.length * PIXELS_PER_IMAGE);
    idx.forEach((i, k) =>
      images.set(set.images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE), k * PIXELS_PER_IMAGE),
    );
    return encodeRecords(
      images,
      idx.map((i) => Uint8Array.of(set.labels[i])),
      CIFAR10_RECORD,
    );
  };
  CIFAR10_TRAIN_FILES.forEach((f, k) => {
    writeFileSync(
      join(folder, f),
      encode(
        data.train,
        kept.filter((_, j) => j % CIFAR10_TRAIN_FILES.length === k),
      ),
    );
  });
  writeFileSync(join(folder, CIFAR10_TEST_FILES[0]), encode(data.test, Array.from(data.test.labels.keys())));
  writeFileSync(join(folder, 'batches.meta.txt'), `${CIFAR10_CLASSES.join('\n')}\n`);
  return folder;
}

let written: string | undefined;

/** One fixture folder per test process, written on first use. */
export function cifar10FixtureDir(): string {
  written ??= writeCifar10Fixture(join(mkdtempSync(join(tmpdir(), 'fpb-cifar10-fixture-')), 'cifar-10-batches-bin'));
  return written;
}
