import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPOSITORY_ROOT, repositoryFiles } from './repository_files';

export interface WorkspaceImport {
  /** The importing package, by folder name (`zoo`, `runner`, ...). */
  from: string;
  /** The imported package; for a relative import, the package its target lies in. */
  to: string;
  file: string;
  spec: string;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;

/** The package folder (`packages/x` or `apps/x`) a repository path lies in, if any. */
function packageOf(path: string): string | undefined {
  const [top, name] = path.split(sep);
  return (top === 'packages' || top === 'apps') && name ? name : undefined;
}

/**
 * Every import between workspace packages, read from the import statements of every TypeScript file:
 * `@fpb/x` (deep imports too) and relative paths that land in another package's folder.
 */
export function workspaceImports(root = REPOSITORY_ROOT): WorkspaceImport[] {
  const out: WorkspaceImport[] = [];
  for (const file of repositoryFiles(root).filter((f) => /\.(ts|js|mjs|cjs)$/.test(f))) {
    const from = packageOf(file);
    if (!from) continue;
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(IMPORT)) {
      const spec = m[2];
      const scoped = /^@fpb\/([a-z-]+)/.exec(spec);
      const to = scoped
        ? scoped[1]
        : spec.startsWith('.')
          ? packageOf(relative(root, resolve(root, dirname(file), spec)))
          : undefined;
      if (to && to !== from) out.push({ from, to, file, spec });
    }
  }
  return out;
}
