import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where datasets live: --data-dir, else FPB_DATA_DIR, else a per-user cache folder. */
export function resolveDataDir(flag?: string): string {
  if (flag) return resolve(flag);
  if (process.env.FPB_DATA_DIR) return resolve(process.env.FPB_DATA_DIR);
  return defaultDataDir();
}

export function defaultDataDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'fingerprint-bench', 'data');
}
