import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES, loadCifar10 } from './cifar';
import { CIFAR10_RECORD, CifarFormatError } from './cifar_binary';
import { checkKnownFiles, type KnownFiles } from './known_files';
import { writeCifar10Fixture } from './testing/cifar10_fixture';

const FILES = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES];
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The fixture, declared "official" (its own counts and hashes), so the checks run on small files. */
function fixtureAsKnown(): { folder: string; known: KnownFiles } {
  const folder = writeCifar10Fixture(join(mkdtempSync(join(tmpdir(), 'fpb-known-')), 'cifar-10-batches-bin'));
  const known: KnownFiles = {
    dataset: 'CIFAR-10',
    format: CIFAR10_RECORD,
    records: Object.fromEntries(FILES.map((f) => [f, statSync(join(folder, f)).size / 3073])),
    sha256: Object.fromEntries(FILES.map((f) => [f, sha(join(folder, f))])),
  };
  return { folder, known };
}

describe('known dataset files', () => {
  it('refuses a file cut short (a whole number of records, but fewer), naming it and the fix', () => {
    const { folder, known } = fixtureAsKnown();
    truncateSync(join(folder, 'data_batch_2.bin'), 3073 * 10);
    expect(() => checkKnownFiles(folder, known, { fetchHint: 'fetch it again' })).toThrow(CifarFormatError);
    expect(() => checkKnownFiles(folder, known, { fetchHint: 'fetch it again' })).toThrow(
      `${folder}: data_batch_2.bin has 10 records, the official file 93. The files are cut short or not the official CIFAR-10: fetch it again, or pass --partial-data to use them as they are`,
    );
    const lines: string[] = [];
    checkKnownFiles(folder, known, { partial: true, log: (l) => lines.push(l) });
    expect(lines).toEqual([
      `warning: ${folder} does not hold the official CIFAR-10 (data_batch_2.bin has 10 records, the official file 93); results are not comparable with the paper's`,
    ]);
  });

  it('refuses damaged bytes (same size, another SHA-256), and accepts the intact files silently', () => {
    const { folder, known } = fixtureAsKnown();
    const verifiedFile = join(folder, '..', 'verified.json');
    const lines: string[] = [];
    checkKnownFiles(folder, known, { verifiedFile, log: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    const bytes = readFileSync(join(folder, 'test_batch.bin'));
    bytes[5000] ^= 0xff;
    writeFileSync(join(folder, 'test_batch.bin'), bytes);
    expect(() => checkKnownFiles(folder, known, { verifiedFile, fetchHint: 'fetch it again' })).toThrow(
      `test_batch.bin in ${folder} fails the official CIFAR-10 SHA-256 check: the bytes are damaged; fetch it again, or pass --partial-data to use them as they are`,
    );
  });

  it('remembers verified hashes by size and modification time: a second check reads no file', () => {
    const { folder, known } = fixtureAsKnown();
    const verifiedFile = join(folder, '..', 'verified.json');
    const path = join(folder, 'data_batch_1.bin');
    const time = new Date('2026-01-01T00:00:00Z');
    utimesSync(path, time, time);
    checkKnownFiles(folder, known, { verifiedFile });
    // Change a file's bytes but keep its size and time: the remembered hash is trusted...
    const bytes = readFileSync(path);
    bytes[100] ^= 0xff;
    writeFileSync(path, bytes);
    utimesSync(path, time, time);
    expect(() => checkKnownFiles(folder, known, { verifiedFile })).not.toThrow();
    // ...and a new modification time makes it hash the file again.
    utimesSync(path, time, new Date(time.getTime() + 1000));
    expect(() => checkKnownFiles(folder, known, { verifiedFile })).toThrow(/data_batch_1\.bin .* fails/);
  });

  it('the CIFAR-10 loader refuses files that are not the official ones unless asked to take them', () => {
    const folder = writeCifar10Fixture(join(mkdtempSync(join(tmpdir(), 'fpb-known-')), 'cifar-10-batches-bin'));
    expect(() => loadCifar10(folder)).toThrow(
      /data_batch_1\.bin has 93 records, the official file 10000.*--partial-data/,
    );
    expect(loadCifar10(folder, { partial: true }).train.labels.length).toBe(465);
  });
});
