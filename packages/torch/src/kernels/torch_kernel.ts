import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { TorchBackend } from '../torch_backend';

export const BACKEND_NAME = 'torch';

export interface TorchKernelArgs<A> {
  /** Optional inputs (a fused op's bias) may be absent: their kernels read them as `TensorInfo | undefined`. */
  inputs: Record<string, TensorInfo>;
  backend: TorchBackend;
  attrs: A;
}

/** A kernel of the torch backend: a function of tfjs inputs and attributes on the TorchBackend. */
export function torchKernel<A = NamedAttrMap>(
  kernelName: string,
  run: (args: TorchKernelArgs<A>) => TensorInfo | TensorInfo[],
): KernelConfig {
  const kernelFunc = (({ inputs, backend, attrs }) =>
    run({
      inputs: inputs as Record<string, TensorInfo>,
      backend: backend as TorchBackend,
      attrs: attrs as A,
    })) as KernelFunc;
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}
