import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CIFAR10_RECORD,
  CIFAR100_COARSE_RECORD,
  CIFAR100_FINE_RECORD,
  readCifarFiles,
  type CifarRecordFormat,
} from './cifar_binary';
import { CIFAR10_SHA256 } from './cifar10_checksums';
import { defaultCacheDir } from './data_dir';
import type { ImageDataset, TrainTestData } from './dataset';
import { checkKnownFiles, type KnownFiles } from './known_files';

const QUIET = () => undefined;

export const CIFAR10_TRAIN_FILES = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
];
export const CIFAR10_TEST_FILES = ['test_batch.bin'];
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];
export const CIFAR10_FOLDER = 'cifar-10-batches-bin';
export const CIFAR100_FOLDER = 'cifar-100-binary';

export class DatasetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetNotFoundError';
  }
}

/** Accepts the folder holding the .bin files or its parent holding the official sub-folder. */
export function locateFiles(dir: string, folder: string, required: string[], datasetName: string, fix: string): string {
  for (const candidate of [dir, join(dir, folder)]) {
    if (required.every((f) => existsSync(join(candidate, f)))) return candidate;
  }
  const missing = required.filter((f) => !existsSync(join(dir, f)) && !existsSync(join(dir, folder, f)));
  throw new DatasetNotFoundError(
    `${datasetName} not found in ${dir} (missing ${missing.join(', ')}; also looked in ${join(dir, folder)}). ${fix}`,
  );
}

function classNamesFrom(file: string, fallback: string[]): string[] {
  if (!existsSync(file)) return fallback;
  const names = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return names.length > 0 ? names : fallback;
}

export interface LoadOptions {
  log?: (line: string) => void;
  /** Allocate in SharedArrayBuffers, so worker threads share one copy. */
  shared?: boolean;
  /** Accept files that are not the official ones (other record counts or bytes), with a warning. */
  partial?: boolean;
}

/** Where verified dataset hashes are remembered (by path, size and modification time). */
const verifiedFile = () => join(defaultCacheDir(), 'verified-data.json');

export const CIFAR10_KNOWN: KnownFiles = {
  dataset: 'CIFAR-10',
  format: CIFAR10_RECORD,
  records: Object.fromEntries([...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].map((f) => [f, 10_000])),
  sha256: CIFAR10_SHA256,
};

export const CIFAR100_KNOWN: KnownFiles = {
  dataset: 'CIFAR-100',
  format: CIFAR100_FINE_RECORD,
  records: { 'train.bin': 50_000, 'test.bin': 10_000 },
};

function load(
  dir: string,
  files: string[],
  format: CifarRecordFormat,
  numClasses: number,
  classNames: string[],
  { log = QUIET, shared = false }: LoadOptions,
): ImageDataset {
  const paths = files.map((f) => join(dir, f));
  const { images, labels, counts } = readCifarFiles(paths, format, shared);
  log(
    `read ${counts.reduce((a, b) => a + b, 0)} records from ${files.map((f, i) => `${f} (${counts[i]})`).join(', ')} in ${dir}`,
  );
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses)
      throw new Error(
        `${dir}: record ${i} has label ${labels[i]}, outside 0..${numClasses - 1}; the file is not this dataset`,
      );
  }
  return { images, labels, numClasses, classNames };
}

/** CIFAR-10 in the official binary layout (any number of whole records per file). */
export function loadCifar10(dir: string, options: LoadOptions | ((line: string) => void) = {}): TrainTestData {
  const opts = typeof options === 'function' ? { log: options } : options;
  const found = locateFiles(
    dir,
    CIFAR10_FOLDER,
    [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES],
    'CIFAR-10',
    'Point --data-dir or FPB_DATA_DIR at a folder with the cifar-10-batches-bin files, or run `npx nx run data:fetch -- --dataset cifar10`.',
  );
  checkKnownFiles(found, CIFAR10_KNOWN, {
    partial: opts.partial,
    log: opts.log,
    verifiedFile: verifiedFile(),
    fetchHint: `fetch it again with \`npx nx run data:fetch -- --data-dir ${dir}\``,
  });
  const classes = classNamesFrom(join(found, 'batches.meta.txt'), CIFAR10_CLASSES);
  return {
    name: 'cifar10',
    train: load(found, CIFAR10_TRAIN_FILES, CIFAR10_RECORD, 10, classes, opts),
    test: load(found, CIFAR10_TEST_FILES, CIFAR10_RECORD, 10, classes, opts),
  };
}

/** CIFAR-100 in the official binary layout; `labels` picks the 100 fine or the 20 coarse classes. */
export function loadCifar100(
  dir: string,
  labels: 'fine' | 'coarse' = 'fine',
  options: LoadOptions = {},
): TrainTestData {
  const found = locateFiles(
    dir,
    CIFAR100_FOLDER,
    ['train.bin', 'test.bin'],
    'CIFAR-100',
    'Download cifar-100-binary.tar.gz from the dataset authors, unpack it, and point --data-dir or FPB_DATA_DIR at the folder.',
  );
  checkKnownFiles(found, CIFAR100_KNOWN, {
    partial: options.partial,
    log: options.log,
    fetchHint: 'download cifar-100-binary.tar.gz again from the dataset authors',
  });
  const format = labels === 'fine' ? CIFAR100_FINE_RECORD : CIFAR100_COARSE_RECORD;
  const n = labels === 'fine' ? 100 : 20;
  const fallback = Array.from({ length: n }, (_, i) => `class_${i}`);
  const classes = classNamesFrom(
    join(found, labels === 'fine' ? 'fine_label_names.txt' : 'coarse_label_names.txt'),
    fallback,
  );
  return {
    name: labels === 'fine' ? 'cifar100' : 'cifar100-coarse',
    train: load(found, ['train.bin'], format, n, classes, options),
    test: load(found, ['test.bin'], format, n, classes, options),
  };
}
