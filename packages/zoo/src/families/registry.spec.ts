import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCALE_NAMES } from '@fpb/models';
import type { Family } from './family';
import { FAMILIES } from './registry';

describe('family registry', () => {
  it('registers every family that a file in families/ exports', async () => {
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const exported = (await Promise.all(files.map((f) => import(join(__dirname, f)))))
      .flatMap((module) => Object.values(module as Record<string, unknown>))
      .filter((v): v is Family => typeof v === 'object' && v !== null && 'recipes' in v && 'kind' in v);
    expect(exported.length).toBe(FAMILIES.length);
    for (const f of exported) expect(FAMILIES).toContain(f);
  });

  it('names are unique, and every family has a whole count at every scale, the paper count the largest', () => {
    expect(new Set(FAMILIES.map((f) => f.name)).size).toBe(FAMILIES.length);
    for (const f of FAMILIES) {
      expect(Object.keys(f.counts).sort()).toEqual([...SCALE_NAMES].sort());
      for (const s of SCALE_NAMES) expect(Number.isInteger(f.counts[s]) && f.counts[s] >= 1).toBe(true);
      expect(f.counts.paper).toBeGreaterThanOrEqual(f.counts.mini);
    }
  });
});
