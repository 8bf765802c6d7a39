import { getKernel, registerBackend, registerKernel, findBackendFactory } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from './kernels/torch_kernel';
import { TORCH_KERNELS } from './kernels/torch_kernels';
import type { LibtorchLocation } from './libtorch_location';
import { loadTorchAddon, TorchUnavailableError, type TorchDevice } from './native_addon';
import { TorchBackend } from './torch_backend';

export interface TorchOptions {
  /** Default: cuda when this libtorch has CUDA and sees a GPU, else cpu. */
  device?: TorchDevice;
  /** libtorch's intra-op threads for this thread (default 1: one worker per core does the parallelism). */
  threads?: number;
}

export interface TorchStarted {
  libtorch: LibtorchLocation;
  device: TorchDevice;
  threads: number;
}

/**
 * Loads the addon in this thread, sets its device and threads, and registers the `torch` backend and
 * its kernels with tfjs (once). Throws TorchUnavailableError with a one-line reason.
 */
export function registerTorchBackend(options: TorchOptions = {}): TorchStarted {
  const { addon, libtorch } = loadTorchAddon();
  const about = addon.about();
  const device = options.device ?? (about.cuda ? 'cuda' : 'cpu');
  if (device === 'cuda' && !about.cuda)
    throw new TorchUnavailableError(
      `device cuda (--device or FPB_DEVICE): libtorch ${libtorch.version} in ${libtorch.libDir} ${libtorch.cuda ? 'sees no CUDA GPU' : 'was built without CUDA'} (use --device cpu, or a CUDA libtorch via LIBTORCH)`,
    );
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1)
    throw new TorchUnavailableError(`torch threads must be a whole number of at least 1, not ${threads}`);
  addon.setup(device, threads);
  if (findBackendFactory(BACKEND_NAME) == null) registerBackend(BACKEND_NAME, () => new TorchBackend(addon), 0);
  for (const kernel of TORCH_KERNELS) if (getKernel(kernel.kernelName, BACKEND_NAME) == null) registerKernel(kernel);
  return { libtorch, device, threads };
}
