import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOutsidePaths } from './outside_paths';
import { REPOSITORY_ROOT } from './repository_files';

/** The folder beside the first checkout, spelled in pieces so that this file does not name it itself. */
const BESIDE = ['..', 'shared'].join('/');

describe('the repository is self-contained', () => {
  it('no source, test, config or script names a path outside the repository', () => {
    expect(findOutsidePaths(REPOSITORY_ROOT).map((p) => `${p.file}:${p.line}: ${p.text}`)).toEqual([]);
  });

  it('the check finds a climb out of the root, the folder beside the checkout and a machine path, and spares paths inside', () => {
    const root = mkdtempSync(join(tmpdir(), 'fpb-outside-'));
    mkdirSync(join(root, 'packages', 'a', 'src'), { recursive: true });
    writeFileSync(
      join(root, 'packages', 'a', 'src', 'x.spec.ts'),
      [
        "const ok = resolve(__dirname, '../../..');",
        "const out = resolve(__dirname, '../../../../data');",
        `const beside = 'data'; // from ${BESIDE}/data`,
        "const home = '/home/someone/cifar';",
        "import { y } from '../y';",
      ].join('\n'),
    );
    writeFileSync(join(root, 'packages', 'a', 'tsconfig.json'), '{ "extends": "../../tsconfig.base.json" }');
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', 'z.js'), "require('../../../../elsewhere')");
    expect(findOutsidePaths(root)).toEqual([
      { file: 'packages/a/src/x.spec.ts', line: 2, text: '../../../../data' },
      { file: 'packages/a/src/x.spec.ts', line: 3, text: `${BESIDE}/data` },
      { file: 'packages/a/src/x.spec.ts', line: 4, text: '/home/someone/cifar' },
    ]);
  });
});
