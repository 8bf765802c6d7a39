import { existsSync } from 'node:fs';
import type { DataType } from '@tensorflow/tfjs-core';
import { ADDON_PATH, buildMismatch, readBuildInfo } from './addon_build_info';
import { findLibtorch, LibtorchNotFoundError, type LibtorchLocation } from './libtorch_location';

/** The addon's functions (native/addon.cc). Tensors are numbers: ids in the calling thread's table. */
export interface TorchAddon {
  write(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: DtypeCode): number;
  read(id: number): Float32Array | Int32Array | Uint8Array;
  free(id: number): void;
  /** [tensors held, bytes of their distinct storages, the most those bytes have been in this thread] */
  live(): [number, number, number];
  /** Per output: id, dtype code, rank, shape..., all in one flat array. */
  op(name: string, inputs: number[], ints: number[], floats: number[]): number[];
  setup(device: TorchDevice, threads: number): void;
  about(): { version: string; cuda: boolean; threads: number };
  /** TorchScript modules (native/torchscript.cc): load one, run its forward on one float32 tensor, free it. */
  scriptLoad(path: string): number;
  scriptRun(id: number, values: Float32Array, shape: number[]): { values: Float32Array; shape: number[] };
  scriptFree(id: number): void;
  /** A TorchScript module's or a state dict's float tensors, in the order the model registered them. */
  scriptTensors(path: string): NamedWeight[];
}

/** One weight tensor of a model saved by PyTorch, by its state-dict name. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export type TorchDevice = 'cpu' | 'cuda';

/** dtype codes shared with the addon. */
export const DTYPE_CODES = { float32: 0, int32: 1, bool: 2 } as const;
export type DtypeCode = (typeof DTYPE_CODES)[keyof typeof DTYPE_CODES];
export const DTYPE_OF_CODE: readonly DataType[] = ['float32', 'int32', 'bool'];

export function dtypeCode(dtype: DataType): DtypeCode {
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return DTYPE_CODES[dtype];
  throw new Error(`the torch backend holds float32, int32 and bool tensors, not ${dtype}`);
}

/** The torch backend cannot start here; the reason is one line with what to do. */
export class TorchUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TorchUnavailableError';
  }
}

export interface LoadedAddon {
  addon: TorchAddon;
  libtorch: LibtorchLocation;
}

let loaded: LoadedAddon | undefined;

/** Loads the built addon once per thread, after checking that it matches the libtorch found now. */
export function loadTorchAddon(): LoadedAddon {
  if (loaded) return loaded;
  let libtorch: LibtorchLocation;
  try {
    libtorch = findLibtorch();
  } catch (e) {
    if (e instanceof LibtorchNotFoundError) throw new TorchUnavailableError(e.message);
    throw e;
  }
  const info = readBuildInfo();
  if (info == null || !existsSync(ADDON_PATH))
    throw new TorchUnavailableError(
      `the torch addon is not built: run npx nx run torch:build (libtorch ${libtorch.version} found)`,
    );
  const mismatch = buildMismatch(info, libtorch);
  if (mismatch) throw new TorchUnavailableError(mismatch);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = { addon: require(ADDON_PATH) as TorchAddon, libtorch };
  } catch (e) {
    const first = String((e as Error).message).split('\n')[0];
    throw new TorchUnavailableError(`the torch addon did not load (${first}): run npx nx run torch:build`);
  }
  return loaded;
}

/** Why the torch backend cannot start here (one line), or undefined when its addon loads. */
export function torchUnavailableReason(): string | undefined {
  try {
    loadTorchAddon();
    return undefined;
  } catch (e) {
    if (e instanceof TorchUnavailableError) return e.reason;
    throw e;
  }
}
