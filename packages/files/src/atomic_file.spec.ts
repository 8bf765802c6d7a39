import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically, writeFolderAtomically } from './atomic_file';

const fresh = () => mkdtempSync(join(tmpdir(), 'fpb-files-'));

describe('atomic writes', () => {
  it('writes a file, creating its folder, and leaves no temporary file beside it', () => {
    const dir = fresh();
    writeFileAtomically(join(dir, 'a', 'b.txt'), 'one');
    writeFileAtomically(join(dir, 'a', 'b.txt'), 'two');
    expect(readFileSync(join(dir, 'a', 'b.txt'), 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.txt']);
  });

  it('replaces a folder whole and leaves neither the temporary nor the old folder', () => {
    const dir = fresh();
    const target = join(dir, 'model');
    writeFolderAtomically(target, [
      ['x.bin', 'old'],
      ['gone.txt', 'old'],
      ['meta.json', '{}'],
    ]);
    writeFolderAtomically(target, [
      ['x.bin', 'new'],
      ['meta.json', '{"v":2}'],
    ]);
    expect(readdirSync(target).sort()).toEqual(['meta.json', 'x.bin']);
    expect(readFileSync(join(target, 'x.bin'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['model']);
  });

  it('a write that fails keeps the old folder and cleans up after itself', () => {
    const dir = fresh();
    const target = join(dir, 'model');
    writeFolderAtomically(target, [['meta.json', '{}']]);
    expect(() => writeFolderAtomically(target, [['sub/deeper.bin', 'x']])).toThrow(/ENOENT/);
    expect(readFileSync(join(target, 'meta.json'), 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['model']);
    expect(existsSync(join(target, 'sub'))).toBe(false);
  });
});
