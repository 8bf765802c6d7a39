import type { Architecture } from './architecture';
import { densenet } from './densenet';
import { mobilenet } from './mobilenet';
import { resnet18, resnet20, resnet8 } from './resnet';
import { vgg } from './vgg';

/** Every architecture, in one explicit list (a new one is a file plus a line here). */
export const ARCHITECTURES: readonly Architecture[] = Object.freeze([
  resnet8,
  resnet20,
  resnet18,
  densenet,
  vgg,
  mobilenet,
]);

const byName = new Map<string, Architecture>();
for (const a of ARCHITECTURES) {
  if (byName.has(a.name)) throw new Error(`duplicate architecture name '${a.name}'`);
  byName.set(a.name, a);
}

export function getArchitecture(name: string): Architecture {
  const a = byName.get(name);
  if (!a) throw new Error(`unknown architecture '${name}'; known: ${ARCHITECTURES.map((x) => x.name).join(', ')}`);
  return a;
}
