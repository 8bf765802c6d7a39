import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METHODS } from '@fpb/fingerprints';
import { fingerprintKey, readVerdict, writeVerdict } from './fingerprint_cache';

describe('fingerprint keys', () => {
  const [method] = METHODS;
  const key = (m = method, victim = 'v1', helpers: string[] = []) => fingerprintKey(m, 'tiny', 0, victim, helpers);

  it('change with the build version, the settings, the victim and the helpers, and with nothing else', () => {
    expect(key()).toBe(key());
    expect(key({ ...method, buildVersion: method.buildVersion + 1 })).not.toBe(key());
    expect(key({ ...method, settings: { ...method.settings, tiny: { changed: true } } })).not.toBe(key());
    expect(key({ ...method, settings: { ...method.settings, mini: { changed: true } } })).toBe(key());
    expect(key({ ...method, description: 'reworded' })).toBe(key());
    expect(key(method, 'v2')).not.toBe(key());
    expect(key(method, 'v1', ['h1'])).not.toBe(key());
  });
});

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
