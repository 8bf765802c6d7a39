import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, contentKey, sha256Hex } from './content_key';
import { readVerifiedFolder } from './verified_folder';

describe('content keys', () => {
  it('hash equal values equally, whatever their key order, and leave undefined members out', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":2}]}');
    expect(contentKey({ a: 1, b: 2 })).toBe(contentKey({ b: 2, a: 1 }));
    expect(contentKey({ a: 1 })).not.toBe(contentKey({ a: 2 }));
    expect(contentKey({ a: 1 })).toBe(sha256Hex('{"a":1}').slice(0, 16));
  });
});

describe('readVerifiedFolder', () => {
  const folder = (data: string, vouched: { bytes: number; sha256: string }) => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-verified-'));
    writeFileSync(join(dir, 'data.bin'), data);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(vouched));
    return dir;
  };
  const read = (dir: string) =>
    readVerifiedFolder(dir, {
      manifest: 'manifest.json',
      parse: (json) => json as { bytes: number; sha256: string },
      files: (m) => [{ name: 'data.bin', ...m }],
      corrupt: (problem) => new Error(`${dir}: ${problem}`),
    });

  it('returns the manifest and the bytes it vouches for', () => {
    const r = read(folder('abc', { bytes: 3, sha256: sha256Hex('abc') }));
    expect(r.manifest.bytes).toBe(3);
    expect(r.files['data.bin'].toString()).toBe('abc');
  });

  it('names a short file, damaged bytes and a missing manifest', () => {
    expect(() => read(folder('ab', { bytes: 3, sha256: sha256Hex('abc') }))).toThrow(
      /data\.bin has 2 bytes, expected 3 \(truncated\)$/,
    );
    expect(() => read(folder('abd', { bytes: 3, sha256: sha256Hex('abc') }))).toThrow(
      /data\.bin fails its SHA-256 check$/,
    );
    expect(() => read(mkdtempSync(join(tmpdir(), 'fpb-verified-')))).toThrow(/manifest\.json is missing$/);
  });
});
