import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LibtorchLocation } from './libtorch_location';

/**
 * In the packed app (`runner:pack`) the native sources travel as torch-native/ beside the bundles and
 * the addon is built into torch-build/ there (`run.sh torch-build`); from source they are
 * packages/torch/native and packages/torch/build.
 */
const PACKED = existsSync(join(__dirname, 'torch-native'));
export const NATIVE_SOURCES_DIR = PACKED ? join(__dirname, 'torch-native') : join(__dirname, '..', 'native');
/** Where `torch:build` puts the addon, and the record of what it was built against. */
export const ADDON_DIR = PACKED ? join(__dirname, 'torch-build') : join(__dirname, '..', 'build');
export const ADDON_PATH = join(ADDON_DIR, 'fpb_torch.node');
export const BUILD_INFO_PATH = join(ADDON_DIR, 'fpb_torch.json');

export interface AddonBuildInfo {
  libtorch: Pick<LibtorchLocation, 'libDir' | 'version' | 'cuda'>;
  /** process.versions.modules of the Node that built it. */
  nodeModules: string;
  /** SHA-256 of the native sources: a changed source builds again. */
  sourcesSha256: string;
}

export function readBuildInfo(): AddonBuildInfo | undefined {
  if (!existsSync(BUILD_INFO_PATH) || !existsSync(ADDON_PATH)) return undefined;
  return JSON.parse(readFileSync(BUILD_INFO_PATH, 'utf8')) as AddonBuildInfo;
}

/** Why a built addon does not fit this libtorch and this Node, or undefined when it does. */
export function buildMismatch(info: AddonBuildInfo, libtorch: LibtorchLocation): string | undefined {
  if (info.libtorch.libDir !== libtorch.libDir || info.libtorch.version !== libtorch.version)
    return `the torch addon was built against libtorch ${info.libtorch.version} in ${info.libtorch.libDir}, but the libtorch found now is ${libtorch.version} in ${libtorch.libDir}: run npx nx run torch:build`;
  if (info.nodeModules !== process.versions.modules)
    return `the torch addon was built for another Node (ABI ${info.nodeModules}, this one is ${process.versions.modules}): run npx nx run torch:build`;
  return undefined;
}
