import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meanStd, numberCell, toCsv, toMarkdown, writeTable } from './table';

const t = {
  title: 'Table I',
  columns: ['family', 'count', 'note'],
  rows: [
    ['HM_SA', 10, 'a, "b"'],
    ['PM|FL', 2, 'x'],
  ],
};

describe('tables', () => {
  it('CSV quotes commas and quotes', () => {
    expect(toCsv(t)).toBe('family,count,note\nHM_SA,10,"a, ""b"""\nPM|FL,2,x\n');
  });

  it('Markdown escapes pipes and has a header rule', () => {
    expect(toMarkdown(t)).toBe(
      '### Table I\n\n| family | count | note |\n| --- | --- | --- |\n| HM_SA | 10 | a, "b" |\n| PM\\|FL | 2 | x |\n',
    );
  });

  it('writes both files and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-report-'));
    const out = writeTable(dir, 'table1', t);
    expect(readdirSync(dir).sort()).toEqual(['table1.csv', 'table1.md']);
    expect(readFileSync(out.csv, 'utf8')).toBe(toCsv(t));
  });

  it('mean ± std on hand-computed values', () => {
    expect(meanStd([1, 2, 3, 4])).toBe('2.500 ± 1.118');
    expect(meanStd([0.5], 2)).toBe('0.50 ± 0.00');
    expect(meanStd([])).toBe('-');
  });

  it('number cells: fixed decimals, a dash where the value is undefined', () => {
    expect(numberCell(0.12345)).toBe('0.123');
    expect(numberCell(-106.59581, 4)).toBe('-106.5958');
    expect(numberCell(NaN, 2)).toBe('-');
    expect(numberCell(Infinity)).toBe('-');
  });
});
