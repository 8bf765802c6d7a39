import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { loadCifar100 } from './cifar';
import { CIFAR100_FINE_RECORD, encodeRecords } from './cifar_binary';
import { PIXELS_PER_IMAGE } from './dataset';
import { fetchCifar100 } from './fetch_cifar100';

describe('fetching CIFAR-100 (official archive only)', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'fpb-c100-'));
    mkdirSync(join(work, 'cifar-100-binary'));
    const records = (n: number) =>
      encodeRecords(
        new Uint8Array(n * PIXELS_PER_IMAGE).fill(9),
        Array.from({ length: n }, (_, i) => Uint8Array.of(i % 20, i % 100)),
        CIFAR100_FINE_RECORD,
      );
    writeFileSync(join(work, 'cifar-100-binary', 'train.bin'), records(4));
    writeFileSync(join(work, 'cifar-100-binary', 'test.bin'), records(2));
    writeFileSync(
      join(work, 'cifar-100-binary', 'fine_label_names.txt'),
      Array.from({ length: 100 }, (_, i) => `fine${i}`).join('\n'),
    );
    await createTar({ gzip: true, cwd: work, file: join(work, 'a.tgz') }, ['cifar-100-binary']);
    const body = readFileSync(join(work, 'a.tgz'));
    server = createServer((_req, res) => res.writeHead(200, { 'content-length': body.length }).end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cifar-100-binary.tar.gz`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('extracts, checks record counts, and the second run does nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    const records = { 'train.bin': 4, 'test.bin': 2 };
    expect((await fetchCifar100({ dataDir, url, records })).fetched).toBe(true);
    const d = loadCifar100(dataDir, 'fine', { partial: true });
    expect(d.train.labels.length).toBe(4);
    expect(d.train.classNames[5]).toBe('fine5');
    expect((await fetchCifar100({ dataDir, url, records })).fetched).toBe(false);
  });

  it('refuses an archive whose record counts are not the official ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    await expect(fetchCifar100({ dataDir, url })).rejects.toThrow(
      'cifar-100-binary/train.bin: 4 records, expected 50000; the archive is not the official one',
    );
  });

  it('says which archive to download by hand, and where to put it, when the server is unreachable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fpb-data-'));
    await expect(fetchCifar100({ dataDir, url: 'http://127.0.0.1:9/cifar-100-binary.tar.gz' })).rejects.toThrow(
      new RegExp(
        `download cifar-100-binary\\.tar\\.gz from http://127\\.0\\.0\\.1:9/cifar-100-binary\\.tar\\.gz by hand, unpack it, and put its cifar-100-binary/ folder \\(train\\.bin, test\\.bin\\) into ${dataDir.replace(/[.]/g, '\\.')}`,
      ),
    );
  });
});
