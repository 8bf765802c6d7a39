import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { create as createTar, Header } from 'tar';
import type { ProgressEvent } from '@fpb/progress';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES, loadCifar10 } from './cifar';
import { ChecksumMismatchError } from './download';
import { fetchCifar10 } from './fetch_cifar10';
import { UnsafeArchiveError } from './safe_tar';
import { cifar10FixtureDir } from './testing/cifar10_fixture';

const FILES = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A small archive in the official layout: 3 records per file, cut from the partial set. */
async function makeArchive(): Promise<{ archive: Buffer; fileSha: Record<string, string> }> {
  const work = mkdtempSync(join(tmpdir(), 'fpb-archive-'));
  const folder = join(work, 'cifar-10-batches-bin');
  mkdirSync(folder);
  const fileSha: Record<string, string> = {};
  for (const f of FILES) {
    const bytes = readFileSync(join(cifar10FixtureDir(), f)).subarray(0, 3 * 3073);
    writeFileSync(join(folder, f), bytes);
    fileSha[f] = sha(bytes);
  }
  writeFileSync(join(folder, 'batches.meta.txt'), readFileSync(join(cifar10FixtureDir(), 'batches.meta.txt')));
  writeFileSync(join(folder, 'readme.html'), '<p>not wanted</p>');
  const file = join(work, 'a.tar.gz');
  await createTar({ gzip: true, cwd: work, file }, ['cifar-10-batches-bin']);
  return { archive: readFileSync(file), fileSha };
}

/** A gzipped tar with one member whose name climbs out of the target folder. */
function evilArchive(name: string): Buffer {
  const body = Buffer.from('owned');
  const header = Buffer.alloc(512);
  new Header({ path: name, mode: 0o644, size: body.length, type: 'File', mtime: new Date(0) }).encode(header, 0);
  const padded = Buffer.concat([body, Buffer.alloc(512 - body.length)]);
  return gzipSync(Buffer.concat([header, padded, Buffer.alloc(1024)]));
}

describe('fetching CIFAR-10 from the official archive (served locally)', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, Buffer>();
  let requests = 0;
  let fixture: { archive: Buffer; fileSha: Record<string, string> };

  beforeAll(async () => {
    fixture = await makeArchive();
    routes.set('/cifar-10-binary.tar.gz', fixture.archive);
    routes.set('/evil.tar.gz', evilArchive('cifar-10-batches-bin/../../escaped.bin'));
    routes.set('/absolute.tar.gz', evilArchive('/tmp/absolute.bin'));
    server = createServer((req, res) => {
      requests++;
      const body = routes.get(req.url ?? '');
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const opts = (dataDir: string, extra: { url?: string; archiveSha256?: string; [k: string]: unknown } = {}) => {
    const { url = `${base}/cifar-10-binary.tar.gz`, archiveSha256 = sha(fixture.archive), ...rest } = extra;
    return {
      dataDir,
      source: 'official' as const,
      official: { url, archiveSha256 },
      fileSha256: fixture.fileSha,
      ...rest,
    };
  };

  it('downloads with progress, verifies, extracts only the expected files, and a second run does nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    const events: string[] = [];
    const first = await fetchCifar10(opts(dataDir, { onProgress: (e: ProgressEvent) => events.push(e.kind) }));
    expect(first.servedBy).toBe('official');
    expect(events[0]).toBe('start');
    expect(events).toContain('progress');
    expect(events[events.length - 1]).toBe('done');
    expect(readdirSync(first.folder).sort()).toEqual([...FILES, 'batches.meta.txt'].sort());
    expect(readdirSync(dataDir)).toEqual(['cifar-10-batches-bin']); // no archive or temporary file left
    expect(loadCifar10(dataDir, { partial: true }).train.labels.length).toBe(15);
    const before = requests;
    const lines: string[] = [];
    const second = await fetchCifar10(opts(dataDir, { log: (l: string) => lines.push(l) }));
    expect(second.servedBy).toBeNull();
    expect(requests).toBe(before);
    expect(lines[0]).toMatch(/already present and verified.*nothing to do/);
  });

  it('detects a truncated file and fetches again with a warning', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    const { folder } = await fetchCifar10(opts(dataDir));
    truncateSync(join(folder, 'data_batch_3.bin'), 100);
    const lines: string[] = [];
    const again = await fetchCifar10(opts(dataDir, { log: (l: string) => lines.push(l) }));
    expect(again.servedBy).toBe('official');
    expect(lines[0]).toMatch(/warning: .*data_batch_3\.bin: SHA-256 .* \(truncated or altered\); fetching it again/);
    expect(sha(readFileSync(join(folder, 'data_batch_3.bin')))).toBe(fixture.fileSha['data_batch_3.bin']);
  });

  it('a file whose checksum differs from the list is an error naming file and both hashes, and nothing is kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    const wrong = { ...fixture.fileSha, 'test_batch.bin': '0'.repeat(64) };
    const err = await fetchCifar10(opts(dataDir, { fileSha256: wrong })).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.message).toContain('cifar-10-batches-bin/test_batch.bin from the official source');
    expect(err.message).toContain('0'.repeat(64));
    expect(err.message).toContain(fixture.fileSha['test_batch.bin']);
    expect(readdirSync(join(dataDir, 'cifar-10-batches-bin'))).toEqual([]);
  });

  it('an archive with the wrong checksum is refused before extraction', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    await expect(fetchCifar10(opts(dataDir, { archiveSha256: 'f'.repeat(64) }))).rejects.toThrow(
      /SHA-256 is [0-9a-f]{64}, expected f{64}/,
    );
    expect(readdirSync(join(dataDir, 'cifar-10-batches-bin'))).toEqual([]);
  });

  it.each([
    ['/evil.tar.gz', 'cifar-10-batches-bin/../../escaped.bin'],
    ['/absolute.tar.gz', '/tmp/absolute.bin'],
  ])('refuses %s whose member escapes the folder', async (route, member) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    const archive = routes.get(route)!;
    const err = await fetchCifar10(opts(dataDir, { url: `${base}${route}`, archiveSha256: sha(archive) })).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect(err.message).toContain(`member '${member}' would be written outside the target folder`);
    expect(existsSync(join(dataDir, '..', 'escaped.bin'))).toBe(false);
  });

  it('an unreachable server is a clear error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    await expect(fetchCifar10(opts(dataDir, { url: 'http://127.0.0.1:9/cifar-10-binary.tar.gz' }))).rejects.toThrow(
      /cannot reach http:\/\/127\.0\.0\.1:9\/cifar-10-binary\.tar\.gz/,
    );
  });
});
