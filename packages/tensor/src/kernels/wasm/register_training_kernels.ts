import {
  getKernel,
  Identity,
  Mean,
  registerKernel,
  Sum,
  unregisterKernel,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput';
import { depthwiseConv2dNativeBackpropFilterConfig } from './DepthwiseConv2dNativeBackpropFilter';
import { depthwiseConv2dNativeBackpropInputConfig } from './DepthwiseConv2dNativeBackpropInput';
import { identitySharingMemory } from './Identity';
import { reductionByPooling } from './reduce_by_pooling';

/** Kernels that let the wasm backend train CNNs: missing ones added, slow ones replaced. */
const TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/** Shipped kernels wrapped by faster paths for the cases a training step hits; the shipped one does the rest. */
const WRAPPERS: ReadonlyArray<[string, (shipped: KernelConfig) => KernelConfig]> = [
  [Sum, (shipped) => reductionByPooling(shipped, false)],
  [Mean, (shipped) => reductionByPooling(shipped, true)],
  [Identity, identitySharingMemory],
];

let wrapped: KernelConfig[] | undefined;

function replace(config: KernelConfig): void {
  if (getKernel(config.kernelName, config.backendName) === config) return;
  if (getKernel(config.kernelName, config.backendName) != null) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
}

/** Registers the training kernels for 'wasm' (idempotent: the shipped kernels are wrapped once). */
export function registerWasmTrainingKernels(): void {
  wrapped ??= WRAPPERS.map(([name, wrap]) => {
    const shipped = getKernel(name, 'wasm');
    if (shipped == null)
      throw new Error(`the wasm backend has no '${name}' kernel to speed up: is @tensorflow/tfjs-backend-wasm loaded?`);
    return wrap(shipped);
  });
  [...TRAINING_KERNELS, ...wrapped].forEach(replace);
}
