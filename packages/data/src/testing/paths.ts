import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The partial CIFAR-10 that sits beside the checkout (../shared/data), used by tests. */
export function partialCifar10Dir(): string {
  const dir = resolve(__dirname, '../../../../../shared/data/cifar-10-partial-bin');
  if (!existsSync(dir)) throw new Error(`tests need the partial CIFAR-10 at ${dir} (../shared/data beside the checkout)`);
  return dir;
}
