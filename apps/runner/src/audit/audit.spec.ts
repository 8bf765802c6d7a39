import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argmax, METHODS, modelOracle, readPortableFingerprint, writePortableFingerprint } from '@fpb/fingerprints';
import { loadModel } from '@fpb/models';
import { copyOfTinyZoo, modelFolder } from '@fpb/zoo/src/testing/tiny_zoo';
import { runFpb } from '../testing/fpb_process';
import { exportFingerprint } from './export_fingerprint';
import { verifySuspect } from './verify_suspect';

/** A suspect served over HTTP: a saved model answering POSTed images with logits, or labels only. */
async function serve(modelDir: string, labelsOnly: boolean): Promise<{ url: string; server: Server }> {
  const { model } = await loadModel(modelDir);
  const oracle = modelOracle(model);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { count, images } = JSON.parse(body) as { count: number; images: string };
      const b = Buffer.from(images, 'base64');
      const logits = oracle.query(new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4), count);
      const rows = Array.from({ length: count }, (_, i) => Array.from(logits.subarray(i * 10, (i + 1) * 10)));
      const labels = rows.map(argmax);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(labelsOnly ? { labels } : { logits: rows }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('auditing one suspect with a portable fingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-audit-'));
  const out = join(dir, 'ipguard.json');
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  let cacheDir: string;
  let threshold: number;
  const folder = (prefix: string) => modelFolder(cacheDir, prefix);
  /** The calibration's scores table: its header and rows. */
  const scoresTable = () => {
    const [header, ...rows] = readFileSync(join(dir, 'ipguard-calibration', 'scores.csv'), 'utf8')
      .trim()
      .split('\n');
    return { header: header.split(','), rows: rows.map((r) => r.split(',')) };
  };
  /** The batch run's score of a suspect, from the calibration's scores table. */
  const batchScore = (suspect: string) => {
    const { header, rows } = scoresTable();
    return Number(rows.find((r) => r[0] === suspect)![header.indexOf('IPGuard')]);
  };

  beforeAll(async () => {
    cacheDir = await copyOfTinyZoo();
    ({ threshold } = await exportFingerprint({
      scale: 'tiny',
      seed: 0,
      backend: 'wasm',
      cacheDir,
      method: 'ipguard',
      out,
      log,
    }));
  }, 600_000);

  it("carries the queries and Table IV's calibrated threshold in one file", () => {
    const { header, rows } = scoresTable();
    const calibrationSuspects = rows.filter((r) => r[header.indexOf('Use')] === 'calibration').length;
    const { fingerprint, calibration } = readPortableFingerprint(out);
    expect(fingerprint.method).toBe('ipguard');
    expect(fingerprint.count).toBeGreaterThan(0);
    const table4 = readFileSync(join(dir, 'ipguard-calibration', 'table4.csv'), 'utf8').split('\n');
    expect(table4[1].split(',').slice(0, 1).concat(table4[1].split(',')[7])).toEqual(['IPGuard', threshold.toFixed(4)]);
    expect(calibration).toMatchObject({
      identification: 'IPGuard',
      threshold,
      calibratedOn: `the tiny zoo (seed 0): ${calibrationSuspects} calibration suspects`,
    });
  });

  it('judges a suspect answering five labels (transfer learning) against the victim grouped alike, as the batch run did', async () => {
    const lines: string[] = [];
    const r = await verifySuspect({
      fingerprint: out,
      suspect: folder('PM_TL_0-'),
      backend: 'wasm',
      log: (l) => lines.push(l),
    });
    expect(r.score).toBeCloseTo(batchScore('PM_TL/0'), 5);
    expect(lines[0]).toMatch(
      /^the suspect answers 5 labels, the victim 10: its answers put the victim's classes 0->\d/,
    );
  });

  it('refuses in one line, naming the methods that can, where the fingerprint cannot read five labels', async () => {
    const victimOnly = METHODS.find((m) => m.labelSpace.kind === 'victim-only')!;
    const file = join(dir, `${victimOnly.id}.json`);
    await exportFingerprint({
      scale: 'tiny',
      seed: 0,
      backend: 'wasm',
      cacheDir,
      method: victimOnly.id,
      out: file,
      log,
    });
    const able = METHODS.filter((m) => m.labelSpace.kind !== 'victim-only').map((m) => m.id);
    await expect(
      verifySuspect({ fingerprint: file, suspect: folder('PM_TL_0-'), backend: 'wasm', log }),
    ).rejects.toThrow(
      `${victimOnly.name} cannot score a suspect answering 5 classes against a victim answering 10: ` +
        `${(victimOnly.labelSpace as { reason: string }).reason}; judge this suspect with a fingerprint of a method that can: ${able.join(', ')}`,
    );
  }, 120_000);

  it('scores a saved suspect as the batch run did, and judges it by the threshold', async () => {
    const r = await verifySuspect({ fingerprint: out, suspect: folder('HM_SA_0-'), backend: 'wasm', log });
    expect(r.score).toBeCloseTo(batchScore('HM_SA/0'), 5);
    expect(r.copy).toBe(r.score > threshold);
    const victim = await verifySuspect({ fingerprint: out, suspect: folder('victim-'), backend: 'wasm', log });
    expect([victim.score, victim.copy]).toEqual([1, true]);
    expect(lines.at(-2)).toMatch(/^IPGuard: score 1\.0000, threshold [\d.]+: COPY \(piracy\) \(\d+ queries\)$/);
  }, 120_000);

  it('scores a suspect served over HTTP, with logits or labels only, as the same model on disk', async () => {
    const local = await verifySuspect({ fingerprint: out, suspect: folder('PM_FL_0-'), backend: 'wasm', log });
    for (const labelsOnly of [false, true]) {
      const { url, server } = await serve(folder('PM_FL_0-'), labelsOnly);
      try {
        const served = await verifySuspect({ fingerprint: out, suspect: url, backend: 'wasm', log });
        expect([served.score, served.copy, served.queries]).toEqual([local.score, local.copy, local.queries]);
      } finally {
        server.close();
      }
    }
  }, 120_000);

  it('refuses a labels-only suspect for a method that reads logits, and a file that was altered', async () => {
    const { fingerprint, calibration } = readPortableFingerprint(out);
    const sacFile = join(dir, 'as-sac.json');
    writePortableFingerprint(sacFile, { ...fingerprint, method: 'sac-m' }, { ...calibration, identification: 'SAC-m' });
    const { url, server } = await serve(folder('PM_FL_0-'), true);
    try {
      await expect(verifySuspect({ fingerprint: sacFile, suspect: url, backend: 'wasm', log })).rejects.toThrow(
        `SAC-m reads logits, and suspect ${url} answers labels only; use a matching-rate method`,
      );
    } finally {
      server.close();
    }
    // A threshold moved by hand, the checksum left as it was.
    const altered = join(dir, 'altered.json');
    const file = JSON.parse(readFileSync(out, 'utf8'));
    writeFileSync(altered, JSON.stringify({ ...file, calibration: { ...file.calibration, threshold: 0.99 } }));
    await expect(
      verifySuspect({ fingerprint: altered, suspect: folder('victim-'), backend: 'wasm', log }),
    ).rejects.toThrow(`${altered}: fails its SHA-256 check (altered or damaged); make it again with fpb fingerprint`);
  }, 120_000);

  it('exits 1 for a copy and 2 for an error, so it scripts', async () => {
    const copy = await runFpb(['verify', out, '--suspect', folder('victim-'), '--backend', 'wasm']);
    expect(copy.code).toBe(1);
    expect(copy.output).toMatch(/COPY \(piracy\)/);
    const error = await runFpb([
      'verify',
      join(dir, 'absent.json'),
      '--suspect',
      folder('victim-'),
      '--backend',
      'wasm',
    ]);
    expect(error.code).toBe(2);
    expect(error.output).toMatch(/^error: .*absent\.json: not a portable fingerprint/m);
  }, 120_000);
});
