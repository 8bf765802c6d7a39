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
  const stored = {
    judgement: { kind: 'scored', verdict: { score: -12.5, details: { l1Dist: 12.5 } } },
    queries: 10,
  } as const;

  it('come back as written: a verdict, one with its class map, or why there is none', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fpb-verdicts-'));
    writeVerdict(folder, 'PM_FA_1', 'b1', stored);
    expect(readVerdict(folder, 'PM_FA_1', 'b1')).toEqual(stored);
    const mapped = { judgement: { ...stored.judgement, classMap: [0, 1, 1] }, queries: 10 };
    writeVerdict(folder, 'PM_TL_0', 'b2', mapped);
    expect(readVerdict(folder, 'PM_TL_0', 'b2')).toEqual(mapped);
    const none = { judgement: { kind: 'unscorable', reason: 'MetaV cannot score it' } as const, queries: 0 };
    writeVerdict(folder, 'PM_TL_1', 'b3', none);
    expect(readVerdict(folder, 'PM_TL_1', 'b3')).toEqual(none);
  });

  it("keep a verdict's file as before ({ verdict, queries, sha256 }), so older caches stay valid", () => {
    const folder = mkdtempSync(join(tmpdir(), 'fpb-verdicts-'));
    writeVerdict(folder, 'S', 'b', stored);
    const file = join(folder, 'verdicts', readdirSync(join(folder, 'verdicts'))[0]);
    // The file format is unchanged for a verdict: { verdict, queries, sha256 }.
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['verdict', 'queries', 'sha256']);
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
