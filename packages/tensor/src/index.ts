export * as tf from './tf';
export * from './backend';
export * from './random';
export { registerWasmTrainingKernels } from './kernels/wasm/register_training_kernels';
export * from './backend_memory';
export { KernelFailedError } from './kernels/kernel_failures';
export {
  loadTorchScript,
  readTorchWeights,
  TorchUnavailableError,
  type NamedWeight,
  type TorchScriptModule,
} from '@fpb/torch';
