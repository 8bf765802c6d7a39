import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METHODS_TABLE_MARKERS, methodsTable } from './methods_table';
import { METHODS, REGISTRY } from './registry';

describe('the methods table of the README', () => {
  it('is the one the registry gives', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const [start, end] = METHODS_TABLE_MARKERS.map((m) => readme.indexOf(m));
    expect(start).toBeGreaterThan(0);
    const block = readme.slice(start + METHODS_TABLE_MARKERS[0].length, end).trim();
    // On a mismatch, paste methodsTable(METHODS) between the markers.
    expect(block).toBe(methodsTable(METHODS));
  });

  it('gives a new method its own row', () => {
    const fake = { ...REGISTRY.get('ipguard'), id: 'fake', name: 'Fake', tinyLimits: { cannotSeparate: 'too small' } };
    const lines = methodsTable(REGISTRY.with(fake).all).split('\n');
    expect(lines).toHaveLength(2 + METHODS.length + 1);
    expect(lines[lines.length - 1]).toBe('| `fake` | Fake | victim | matching rate (raw) | - | too small |');
  });
});
