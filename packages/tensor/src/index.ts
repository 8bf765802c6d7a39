export * as tf from './tf';
export * from './backend';
export * from './random';
export { WASM_TRAINING_KERNELS, registerWasmTrainingKernels } from './kernels/wasm/register_training_kernels';
export * from './backend_memory';
