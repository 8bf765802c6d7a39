import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { repositoryFiles } from './repository_files';

/** Source, test, config and script files: where a path outside the repository would break a clone. */
const CHECKED = new Set(['.ts', '.js', '.mjs', '.cjs', '.json', '.sh', '']);

/** Absolute paths of one machine's home or work folders. */
const MACHINE_PATH = /(['"`])(\/(?:work|home|root|Users|mnt)\/[^'"`]*)\1/g;
/** The folder that sat beside this project's first checkout, even in a comment: a clone has no such folder. */
const BESIDE_THE_CHECKOUT = /\.\.\/shared\b\S*/g;
/** The checker and its test spell out the very strings it hunts for. */
const SELF = new Set(['tools/repo-checks/src/outside_paths.ts', 'tools/repo-checks/src/self_contained.spec.ts']);
const RELATIVE_LITERAL = /(['"`])((?:\.\.\/)+[^'"`\s]*|\.\.)\1/g;

export interface OutsidePath {
  file: string;
  line: number;
  text: string;
}

/**
 * Lists every string in the repository's code and config that names a path outside it: a machine's
 * absolute path, the folder beside the first checkout, or a relative path that climbs above the root from the file's folder
 * (the base that `__dirname`, imports, `extends` and `$schema` all use).
 */
export function findOutsidePaths(root: string): OutsidePath[] {
  const found: OutsidePath[] = [];
  const files = repositoryFiles(root).filter(
    (f) => CHECKED.has(extname(f)) && !f.endsWith('package-lock.json') && !SELF.has(f),
  );
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((text, i) => {
      const hit = (what: string) => found.push({ file, line: i + 1, text: what });
      for (const m of text.matchAll(MACHINE_PATH)) hit(m[2]);
      for (const m of text.matchAll(BESIDE_THE_CHECKOUT)) hit(m[0]);
      for (const m of text.matchAll(RELATIVE_LITERAL)) {
        const target = resolve(root, dirname(file), m[2]);
        const inside = relative(root, target);
        if (inside.startsWith('..') || isAbsolute(inside)) hit(m[2]);
      }
    });
  }
  return found;
}
