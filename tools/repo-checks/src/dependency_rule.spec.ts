import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './repository_files';
import { workspaceImports } from './workspace_imports';

/** Each package may import only the packages listed for it: dependencies point down, never up or sideways. */
const MAY_IMPORT: Record<string, string[]> = {
  files: [],
  progress: [],
  torch: [],
  tensor: ['torch'],
  metrics: [],
  report: ['files', 'metrics'],
  data: ['files', 'progress', 'tensor'],
  models: ['files', 'progress', 'data', 'tensor'],
  fingerprints: ['files', 'data', 'models', 'tensor'],
  zoo: ['files', 'progress', 'data', 'models', 'tensor', 'report', 'metrics'],
  runner: ['files', 'progress', 'data', 'models', 'tensor', 'report', 'metrics', 'fingerprints', 'zoo'],
  bench: ['files', 'data', 'models', 'tensor', 'fingerprints', 'zoo'],
};

/** The arrows that must never exist, whatever the table above becomes. */
const NEVER: Array<[string, string]> = [
  ['tensor', 'models'],
  ['torch', 'tensor'],
  ['metrics', 'tensor'],
  ['metrics', 'models'],
  ['data', 'models'],
  ['fingerprints', 'zoo'],
  ['fingerprints', 'runner'],
  ['zoo', 'runner'],
];

const imports = workspaceImports();
const manifests = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(join(REPOSITORY_ROOT, dir)).map((folder) => ({
    folder,
    ...(JSON.parse(readFileSync(join(REPOSITORY_ROOT, dir, folder, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
    }),
  })),
);

describe('workspace dependencies point one way', () => {
  it('the rule knows every workspace package, and the import reader sees the arrows it must', () => {
    expect(manifests.map((m) => m.folder).sort()).toEqual(Object.keys(MAY_IMPORT).sort());
    expect(imports.some((i) => i.from === 'runner' && i.to === 'zoo')).toBe(true);
    expect(imports.some((i) => i.from === 'zoo' && i.to === 'data' && i.spec.includes('/src/testing/'))).toBe(true);
  });

  it('reads scoped, deep, dynamic and relative imports that cross a package', () => {
    const root = mkdtempSync(join(tmpdir(), 'fpb-imports-'));
    mkdirSync(join(root, 'packages', 'tensor', 'src'), { recursive: true });
    writeFileSync(
      join(root, 'packages', 'tensor', 'src', 'x.ts'),
      [
        "import { a } from '@fpb/models';",
        "import type { B } from '@fpb/data/src/testing/b';",
        "const c = await import('../../zoo/src/c');",
        "import { d } from './d';",
      ].join('\n'),
    );
    expect(workspaceImports(root).map((i) => `${i.from} -> ${i.to}`)).toEqual([
      'tensor -> models',
      'tensor -> data',
      'tensor -> zoo',
    ]);
  });

  it('the forbidden arrows are forbidden by the rule too', () => {
    for (const [from, to] of NEVER)
      expect(`${from} -> ${to}: ${MAY_IMPORT[from].includes(to)}`).toBe(`${from} -> ${to}: false`);
  });

  it('no import statement breaks the rule', () => {
    const broken = imports.filter((i) => !MAY_IMPORT[i.from].includes(i.to)).map((i) => `${i.file}: ${i.spec}`);
    expect(broken).toEqual([]);
  });

  it("every package another imports is declared in the importer's package.json", () => {
    const undeclared = imports
      .filter((i) => !(`@fpb/${i.to}` in (manifests.find((m) => m.folder === i.from)?.dependencies ?? {})))
      .map((i) => `${i.file}: ${i.spec}`);
    expect(undeclared).toEqual([]);
  });
});
