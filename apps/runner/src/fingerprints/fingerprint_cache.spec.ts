import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVerdict, writeVerdict } from './fingerprint_cache';

describe('stored verdicts', () => {
  const stored = { verdict: { score: -12.5, details: { l1Dist: 12.5 } }, queries: 10 };

  it('come back as written', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fpb-verdicts-'));
    writeVerdict(folder, 'PM_FA_1', 'b1', stored);
    expect(readVerdict(folder, 'PM_FA_1', 'b1')).toEqual(stored);
  });

  it('a believable but altered score fails the checksum: warned about, and the suspect is queried again', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fpb-verdicts-'));
    writeVerdict(folder, 'PM_FA_1', 'b1', stored);
    const file = join(folder, 'verdicts', readdirSync(join(folder, 'verdicts'))[0]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('-12.5', '-2.5'));
    const lines: string[] = [];
    expect(readVerdict(folder, 'PM_FA_1', 'b1', (l) => lines.push(l))).toBeUndefined();
    expect(lines).toEqual([`warning: ${file} fails its SHA-256 check: querying PM_FA_1 again`]);
  });

  it('an unreadable file is warned about too', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fpb-verdicts-'));
    writeVerdict(folder, 'S', 'b', stored);
    const file = join(folder, 'verdicts', readdirSync(join(folder, 'verdicts'))[0]);
    writeFileSync(file, '{"verdict":');
    const lines: string[] = [];
    expect(readVerdict(folder, 'S', 'b', (l) => lines.push(l))).toBeUndefined();
    expect(lines).toEqual([`warning: ${file} is unreadable: querying S again`]);
  });
});
