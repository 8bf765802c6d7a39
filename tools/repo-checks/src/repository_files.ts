import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(__dirname, '../../..');

/** Folders that hold installed, generated or cached things, not the project's own files. */
const NOT_SOURCE = new Set(['node_modules', '.git', '.nx', '.cache', 'dist', 'coverage', 'results', '.gpu-app']);

/** Every file of the repository (relative paths), skipping installed, generated and cached folders. */
export function repositoryFiles(root = REPOSITORY_ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!NOT_SOURCE.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile()) out.push(relative(root, join(dir, entry.name)));
    }
  };
  walk(root);
  return out.sort();
}
