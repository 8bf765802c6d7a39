import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Workspace packages may depend only on layers below them: runner -> zoo/fingerprints -> models -> data -> tensor. */
const LAYERS = ['@fpb/tensor', '@fpb/report', '@fpb/metrics', '@fpb/data', '@fpb/models', '@fpb/fingerprints', '@fpb/zoo', '@fpb/runner', '@fpb/bench'];

describe('workspace dependencies point one way', () => {
  const root = resolve(__dirname, '../../..');
  const manifests = ['packages', 'apps'].flatMap((dir) =>
    readdirSync(join(root, dir)).map((p) => JSON.parse(readFileSync(join(root, dir, p, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> }),
  );

  it('knows every workspace package', () => {
    expect(manifests.map((m) => m.name).sort()).toEqual([...LAYERS].sort());
  });

  it.each(LAYERS.map((l) => [l]))('%s depends only on lower layers', (name) => {
    const m = manifests.find((x) => x.name === name)!;
    const level = LAYERS.indexOf(name);
    for (const dep of Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith('@fpb/'))) {
      expect(`${name} -> ${dep}: ${LAYERS.indexOf(dep) < level && !dep.startsWith('@fpb/runner') && !dep.startsWith('@fpb/bench') ? 'ok' : 'points up'}`).toBe(`${name} -> ${dep}: ok`);
    }
  });
});
