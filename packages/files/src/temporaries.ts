import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { processIsAlive } from './process_alive';

/** The names `temporaryPathFor` makes: `.<name>.tmp.<pid>.<hex>`, and `<that>.old`. */
const TEMPORARY = /^\..+\.tmp\.(\d+)\.[0-9a-f]+(\.old)?$/;

/**
 * Removes temporary files and folders that killed runs left in `dir`: those whose writer process is
 * gone. Those of live processes (another run writing now) are left alone. Returns the names removed.
 */
export function removeStaleTemporaries(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    const m = TEMPORARY.exec(name);
    return m !== null && !processIsAlive(Number(m[1]));
  });
  for (const name of stale) rmSync(join(dir, name), { recursive: true, force: true });
  return stale;
}
