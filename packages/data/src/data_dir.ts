import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where datasets live: --data-dir, else FPB_DATA_DIR, else a per-user cache folder. */
export function resolveDataDir(flag?: string): string {
  if (flag) return resolve(flag);
  if (process.env.FPB_DATA_DIR) return resolve(process.env.FPB_DATA_DIR);
  return defaultDataDir();
}

export function defaultDataDir(): string {
  return join(defaultCacheDir(), 'data');
}

/** The per-user cache folder of the project (data, model zoos): survives fresh clones of the repo. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fingerprint-bench');
}
