import {
  getKernelsForBackend,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** A kernel failed (a wasm trap, an allocation that did not fit): which kernel, on what, and why. */
export class KernelFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelFailedError';
  }
}

const WRAPPED = Symbol('fpb.kernelFailuresReported');
type Marked = KernelConfig & { [WRAPPED]?: true };

/** The wasm heap's size when a kernel fails, and whether it has reached the 4 GiB a 32-bit module can have. */
function heapNote(backend: unknown): string {
  const heap = (backend as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  if (!heap) return '';
  const mib = heap.buffer.byteLength / 2 ** 20;
  return mib > 0.75 * 4096
    ? `; the wasm heap holds ${mib.toFixed(0)} MiB of its 4,096: split the batch into micro-batches or use another backend`
    : `; the wasm heap holds ${mib.toFixed(0)} MiB`;
}

/**
 * Wraps every kernel of a backend so that a failure inside one (a wasm "memory access out of bounds"
 * trap, a failed allocation that surfaces as a TypeError) becomes one error naming the kernel, the
 * input shapes and the backend. Idempotent: a wrapped kernel is not wrapped again.
 */
export function reportKernelFailures(backendName: string): void {
  for (const config of getKernelsForBackend(backendName) as Marked[]) {
    if (config[WRAPPED]) continue;
    const inner = config.kernelFunc;
    const wrapped: Marked = {
      ...config,
      [WRAPPED]: true,
      kernelFunc: (args) => {
        try {
          return inner(args);
        } catch (e) {
          if (e instanceof KernelFailedError) throw e;
          const shapes = Object.entries(args.inputs as Record<string, TensorInfo | undefined>)
            .filter((entry): entry is [string, TensorInfo] => entry[1] != null)
            .map(([name, t]) => `${name} [${t.shape.join(',')}]`)
            .join(', ');
          throw new KernelFailedError(
            `kernel ${config.kernelName} failed on ${backendName} (inputs ${shapes}): ${(e as Error).message}${heapNote(args.backend)}`,
          );
        }
      },
    };
    unregisterKernel(config.kernelName, backendName);
    registerKernel(wrapped);
  }
}
